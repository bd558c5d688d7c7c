import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { duesPaidInFullRate } from '../../src/domain/dues/dues.board.js';
import { thisMonth } from '../../src/domain/dues/months.js';
import { localToday } from '../../src/lib/dates.js';
import { loginAs, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';
import { postMultipart } from '../helpers/multipart.js';

const month = thisMonth();

/** A branch with four extra members to declare bases for. */
async function duesWorld() {
  const w = await makeBranchWorld();
  const people = await Promise.all(
    ['甲', '乙', '丙', '丁', '戊', '己'].map((n) =>
      makePerson({ displayName: `党员${n}`, homeUnitId: w.branch.id, partyStatus: n === '己' ? 'PROBATIONARY' : 'FULL' }),
    ),
  );
  const org = await loginAs(w.orgMember.username);
  return { ...w, people, org, sheet: `/units/${w.branch.code}/dues`, bases: `/units/${w.branch.code}/dues/bases` };
}

async function declare(agent: Agent, url: string, personId: number, category: string, amount: string, field = 'base') {
  return postForm(agent, url, { personId, category, [field]: amount, validFrom: month }, url);
}

/** The row of the sheet page for a person: the text between their name and the end of the row. */
function rowOf(html: string, name: string): string {
  const at = html.indexOf(`>${name}</th>`);
  expect(at, `row of ${name}`).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</tr>', at));
}

describe('dues computed from the base and the rate table', () => {
  it('puts the bracket edges where the rules do: 3000.00 at 0.5%, 3000.01 at 1%, 5000 at 1%, 10000 at 1.5%', async () => {
    const w = await duesWorld();
    const [a, b, c, d, e] = w.people;
    for (const [p, base] of [
      [a, '3000.00'],
      [b, '3000.01'],
      [c, '5000'],
      [d, '10000'],
      [e, '10000.01'],
    ] as const)
      expect((await declare(w.org, w.bases, p.id, 'ON_JOB', base)).status).toBe(303);
    const page = await w.org.get(`${w.sheet}?month=${month}`);
    expect(page.status).toBe(200);
    expect(rowOf(page.text, '党员甲')).toContain('15.00');
    expect(rowOf(page.text, '党员甲')).toContain('3000.00 元 × 0.5%');
    expect(rowOf(page.text, '党员乙')).toContain('30.00');
    expect(rowOf(page.text, '党员乙')).toContain('× 1%');
    expect(rowOf(page.text, '党员丙')).toContain('50.00');
    expect(rowOf(page.text, '党员丙')).toContain('× 1%');
    expect(rowOf(page.text, '党员丁')).toContain('150.00');
    expect(rowOf(page.text, '党员丁')).toContain('× 1.5%');
    expect(rowOf(page.text, '党员戊')).toContain('200.00');
    expect(rowOf(page.text, '党员戊')).toContain('× 2%');
  });

  it('computes retirees by their own brackets, the 0.2 yuan rate and a branch-set amount', async () => {
    const w = await duesWorld();
    const [a, b, c, d] = w.people;
    await declare(w.org, w.bases, a.id, 'RETIRED', '5000');
    await declare(w.org, w.bases, b.id, 'RETIRED', '5000.01');
    await postForm(w.org, w.bases, { personId: c.id, category: 'LOW_INCOME', validFrom: month }, w.bases);
    await declare(w.org, w.bases, d.id, 'BRANCH_FIXED', '12.50', 'fixed');
    const page = await w.org.get(w.sheet);
    expect(rowOf(page.text, '党员甲')).toContain('25.00');
    expect(rowOf(page.text, '党员甲')).toContain('离退休');
    expect(rowOf(page.text, '党员乙')).toContain('50.00');
    expect(rowOf(page.text, '党员乙')).toContain('5000.01 元 × 1%');
    expect(rowOf(page.text, '党员丙')).toContain('0.20');
    expect(rowOf(page.text, '党员丁')).toContain('支部核定固定金额 12.50 元');
    expect(await testDb().auditLog.count({ where: { action: 'dues.base_declared', unitId: w.branch.id } })).toBe(4);
  });

  it('refuses negative and absurd bases and a month not begun, beside the field, with the form kept', async () => {
    const w = await duesWorld();
    const p = w.people[0];
    const negative = await declare(w.org, w.bases, p.id, 'ON_JOB', '-100');
    expect(negative.status).toBe(400);
    expect(negative.text).toContain('基数应为金额（元），不能为负数');
    expect(negative.text).toContain('value="-100"');
    const absurd = await declare(w.org, w.bases, p.id, 'ON_JOB', '3000000');
    expect(absurd.status).toBe(400);
    expect(absurd.text).toContain('超过每月 20 万元');
    const future = await postForm(w.org, w.bases, { personId: p.id, category: 'ON_JOB', base: '4000', validFrom: '2099-01' }, w.bases);
    expect(future.status).toBe(400);
    expect(future.text).toContain('该月份尚未开始');
    const sheet = await w.org.get(`${w.sheet}?month=2099-01`);
    expect(sheet.status).toBe(400);
    expect(sheet.text).toContain('该月份尚未开始');
    expect(await testDb().duesBase.count({ where: { personId: p.id } })).toBe(0);
  });
});

describe("the month's sheet", () => {
  it('computes 应交人数, 已交人数 and the amounts from the sheet and keeps each line with its rule', async () => {
    const w = await duesWorld();
    const [a, b, c] = w.people;
    await declare(w.org, w.bases, a.id, 'ON_JOB', '4800');
    await declare(w.org, w.bases, b.id, 'ON_JOB', '2000');
    await declare(w.org, w.bases, c.id, 'ON_JOB', '6000');
    const today = localToday();
    const res = await postForm(
      w.org,
      w.sheet,
      {
        month,
        personId: [a.id, b.id, c.id],
        [`paid_${a.id}`]: '48.00',
        [`paidOn_${a.id}`]: today,
        [`paid_${b.id}`]: '10',
        [`paidOn_${b.id}`]: today,
        [`paid_${c.id}`]: '90',
      },
      w.sheet,
    );
    expect(res.status).toBe(303);
    const page = await w.org.get(`${w.sheet}?month=${month}`);
    // the world's secretary, info officer, org member and member are members too, without bases: 10 members due
    expect(page.text).toMatch(/应交人数<\/dt><dd>10 人/);
    expect(page.text).toMatch(/已交人数<\/dt><dd>2 人/);
    expect(page.text).toMatch(/实缴金额<\/dt><dd>58.00 元/);
    expect(page.text).toMatch(/应缴金额<\/dt><dd>148.00 元/);
    expect(rowOf(page.text, '党员丙')).toContain('未交');
    const line = await testDb().duesPayment.findUniqueOrThrow({
      where: { personId_month: { personId: a.id, month: new Date(`${month}-01T00:00:00Z`) } },
    });
    expect(line).toMatchObject({ dueFen: 4800, paidFen: 4800 });
    expect(line.rule).toContain('4800.00 元 × 1%');
    expect(await testDb().auditLog.count({ where: { action: 'dues.sheet_saved', unitId: w.branch.id } })).toBe(1);
  });

  it('refuses a payment above 应缴 without a note and a malformed amount, keeping what was typed', async () => {
    const w = await duesWorld();
    const a = w.people[0];
    const b = w.people[1];
    await declare(w.org, w.bases, a.id, 'ON_JOB', '4800');
    await declare(w.org, w.bases, b.id, 'ON_JOB', '4800');
    const over = await postForm(
      w.org,
      w.sheet,
      { month, personId: [a.id], [`paid_${a.id}`]: '100', [`paidOn_${a.id}`]: localToday() },
      w.sheet,
    );
    expect(over.status).toBe(400);
    expect(over.text).toContain('实缴 100.00 元多于应缴 48.00 元，请在说明中写明原因');
    expect(over.text).toContain('value="100"');
    const bad = await postForm(
      w.org,
      w.sheet,
      { month, personId: [b.id], [`paid_${b.id}`]: '4八', [`paidOn_${b.id}`]: localToday() },
      w.sheet,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('实缴应为金额（元）');
    expect(await testDb().duesPayment.count({ where: { unitId: w.branch.id } })).toBe(0);
    const noted = await postForm(
      w.org,
      w.sheet,
      { month, personId: [a.id], [`paid_${a.id}`]: '100', [`paidOn_${a.id}`]: localToday(), [`note_${a.id}`]: '自愿多交' },
      w.sheet,
    );
    expect(noted.status).toBe(303);
  });

  it('exports the sheet to Excel and imports it filled in: preview with row errors, then apply', async () => {
    const w = await duesWorld();
    const [a, b] = w.people;
    await declare(w.org, w.bases, a.id, 'ON_JOB', '4800');
    await declare(w.org, w.bases, b.id, 'RETIRED', '3000');
    const xlsx = await w.org
      .get(`${w.sheet}.xlsx?month=${month}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    const rowFor = (id: number) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (Number(r.getCell(1).value) === id) found = r;
      });
      return found!;
    };
    expect(rowFor(a.id).getCell(5).value).toBe('48.00'); // pre-filled with 应缴
    rowFor(a.id).getCell(6).value = localToday();
    rowFor(b.id).getCell(5).value = '99';
    rowFor(b.id).getCell(6).value = localToday();
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const preview = await postMultipart(w.org, `${w.sheet}/import`, { month }, [{ name: 'dues.xlsx', data: filled }]);
    expect(preview.status).toBe(400);
    expect(preview.text).toContain('导入预览');
    expect(preview.text).toContain('实缴 99.00 元多于应缴 15.00 元');
    expect(await testDb().duesPayment.count({ where: { unitId: w.branch.id } })).toBe(0);

    rowFor(b.id).getCell(5).value = 15;
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await postMultipart(w.org, `${w.sheet}/import`, { month }, [{ name: 'dues.xlsx', data: fixed }]);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(`name="paidOn_${b.id}" type="date" value="${localToday()}"`);
    expect(await testDb().duesPayment.count({ where: { unitId: w.branch.id } })).toBe(0);
    // apply: the preview's form posts the imported values as the sheet
    const apply = await postForm(
      w.org,
      w.sheet,
      {
        month,
        personId: [a.id, b.id],
        [`paid_${a.id}`]: '48.00',
        [`paidOn_${a.id}`]: localToday(),
        [`paid_${b.id}`]: '15',
        [`paidOn_${b.id}`]: localToday(),
      },
      w.sheet,
    );
    expect(apply.status).toBe(303);
    const rows = await testDb().duesPayment.findMany({ where: { unitId: w.branch.id } });
    expect(Object.fromEntries(rows.map((r) => [r.personId, r.paidFen]))).toEqual({ [a.id]: 4800, [b.id]: 1500 });

    const notExcel = await postMultipart(w.org, `${w.sheet}/import`, { month }, [{ name: 'x.xlsx', data: Buffer.from('hello') }]);
    expect(notExcel.status).toBe(400);
    expect(notExcel.text).toContain('文件不是 Excel 工作簿（.xlsx）');
  });

  it('feeds the board: the share of lines paid in full per unit and period, in one query', async () => {
    const w = await duesWorld();
    const [a, b] = w.people;
    await declare(w.org, w.bases, a.id, 'ON_JOB', '4800');
    await declare(w.org, w.bases, b.id, 'ON_JOB', '4800');
    await postForm(
      w.org,
      w.sheet,
      {
        month,
        personId: [a.id, b.id],
        [`paid_${a.id}`]: '48',
        [`paidOn_${a.id}`]: localToday(),
        [`paid_${b.id}`]: '20',
        [`paidOn_${b.id}`]: localToday(),
      },
      w.sheet,
    );
    const rows = await duesPaidInFullRate(testDb(), [w.branch.id, w.other.id], [month]);
    expect(rows.find((r) => r.unitId === w.branch.id)).toMatchObject({ lines: 2, paidInFull: 1, rate: 50 });
    expect(rows.find((r) => r.unitId === w.other.id)).toMatchObject({ lines: 0, rate: null });

    // a target fed by the sheets shows the figure as 自动, with a link to the sheet
    const sec = await loginAs(w.secretary.username);
    const made = await postForm(sec, `/units/${w.branch.code}/board/targets`, {
      year: Number(month.slice(0, 4)),
      kind: 'MUST',
      title: '党费按月足额收缴率',
      measure: '按月足额交纳的党员占应交党员的比例',
      uom: '%',
      direction: 'HIGHER',
      targetValue: 100,
      period: 'MONTHLY',
      source: 'dues.paid_in_full',
    });
    expect(made.status).toBe(303);
    const t = await testDb().target.findFirstOrThrow({ where: { unitId: w.branch.id, source: 'dues.paid_in_full' } });
    const page = (await sec.get(`/units/${w.branch.code}/board/targets/${t.id}`)).text;
    expect(page).toContain('数据来源：党费按月足额收缴率');
    expect(page).toMatch(
      new RegExp(
        `<th scope="row">${Number(month.slice(5))}月</th><td class="num"><a href="/units/${w.branch.code}/dues\\?month=${month}">50<`,
      ),
    );
  });
});

describe('who sees dues', () => {
  it('shows the sheet to the secretary, the 组织委员 and the office only; a member sees their own dues', async () => {
    const w = await duesWorld();
    await declare(w.org, w.bases, w.member.id, 'ON_JOB', '4800');
    for (const [who, status] of [
      [w.secretary, 200],
      [w.orgMember, 200],
      [w.office, 200],
      [w.infoOfficer, 403],
      [w.member, 403],
      [w.staff, 403],
      [w.otherSecretary, 403],
    ] as const) {
      const agent = who === w.orgMember ? w.org : await loginAs(who.username);
      expect((await agent.get(w.sheet)).status, who.displayName).toBe(status);
      expect((await agent.get(w.bases)).status, who.displayName).toBe(status);
    }
    const member = await loginAs(w.member.username);
    expect((await member.get('/me')).text).toContain('href="/me/dues"');
    const mine = await member.get('/me/dues');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('4800.00 元');
    expect(mine.text).toContain('48.00 元');
    // the administrator keeps accounts, not members' incomes: no sheet, and the audit page names no amount
    const admin = await loginAs(w.admin.username);
    expect((await admin.get(w.sheet)).status).toBe(403);
    const log = await admin.get('/admin/audit');
    expect(log.text).toContain(`申报党费基数：${w.member.displayName}`);
    expect(log.text).not.toContain('4800');
    const other = await loginAs(w.people[0].username);
    expect((await other.get('/me/dues')).text).toContain('尚未申报党费基数');
    expect((await postForm(member, w.bases, { personId: w.member.id, category: 'ON_JOB', base: '1', validFrom: month })).status).toBe(403);
  });

  it('lets only the office change the rate table, audited', async () => {
    const w = await duesWorld();
    const rates = await testDb().duesRate.findMany({ orderBy: { id: 'asc' } });
    const body: Record<string, string> = {};
    for (const r of rates) {
      body[`label_${r.id}`] = r.label;
      body[`above_${r.id}`] = r.aboveFen == null ? '' : String(r.aboveFen / 100);
      body[`upTo_${r.id}`] = r.upToFen == null ? '' : String(r.upToFen / 100);
      body[`rate_${r.id}`] = r.basisPoints == null ? '' : String(r.basisPoints / 100);
      body[`fixed_${r.id}`] = r.fixedFen == null ? '' : String(r.fixedFen / 100);
    }
    const low = rates.find((r) => r.category === 'LOW_INCOME')!;
    expect((await postForm(w.org, '/dues/rates', body, '/dues/rates')).status).toBe(403);
    const office = await loginAs(w.office.username);
    const bad = await postForm(office, '/dues/rates', { ...body, [`rate_${rates[0].id}`]: 'abc' }, '/dues/rates');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('比例应为 0 到 100 之间的百分数');
    try {
      expect((await postForm(office, '/dues/rates', { ...body, [`fixed_${low.id}`]: '0.30' }, '/dues/rates')).status).toBe(303);
      expect((await testDb().duesRate.findUniqueOrThrow({ where: { id: low.id } })).fixedFen).toBe(30);
      expect(await testDb().auditLog.count({ where: { action: 'dues.rate_changed', entityId: String(low.id) } })).toBeGreaterThan(0);
    } finally {
      await testDb().duesRate.update({ where: { id: low.id }, data: { fixedFen: 20 } });
    }
  });
});
