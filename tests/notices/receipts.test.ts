import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loginAs, coldGet, sqlQueries, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';
import { inDays, issue, noticeIdOf, noticeWorld, post, type NoticeWorld } from './helpers.js';

/** A notice of the committee to the branch and the other branch, asking for acknowledgement. */
async function askingNotice(w: NoticeWorld, office: Agent) {
  return noticeIdOf(
    await issue(office, w.committee.code, {
      title: '关于做好年度民主评议党员工作的通知',
      audience: 'UNITS',
      units: [w.branch.id, w.other.id],
      ackRequired: 'on',
      ackDeadline: inDays(7),
    }),
  );
}

/** Collects a binary response body (supertest buffers only text). */
const binary = ((res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}) as unknown as (res: unknown, cb: (err: Error | null, body: unknown) => void) => void;

describe('read receipts and acknowledgement', () => {
  it('writes one receipt per reader however often they open the notice', async () => {
    const w = await noticeWorld();
    const id = noticeIdOf(await issue(await loginAs(w.office.username), w.committee.code, { audience: 'UNITS', units: [w.branch.id] }));
    const member = await loginAs(w.member.username);
    await member.get(`/notices/${id}`);
    const first = await testDb().noticeReceipt.findUniqueOrThrow({ where: { noticeId_personId: { noticeId: id, personId: w.member.id } } });
    await new Promise((r) => setTimeout(r, 20));
    const again = await member.get(`/notices/${id}`);
    expect(again.text).toContain('您已于');
    const rows = await testDb().noticeReceipt.findMany({ where: { noticeId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].readAt).toEqual(first.readAt);
    // the issuer previewing it is not a reader unless addressed
    await (await loginAs(w.office.username)).get(`/notices/${id}`);
    expect(await testDb().noticeReceipt.count({ where: { noticeId: id } })).toBe(1);
  });

  it('records 确认已阅 once, and only where it is asked', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = await askingNotice(w, office);
    const member = await loginAs(w.member.username);
    const page = await member.get(`/notices/${id}`);
    expect(page.text).toContain('确认已阅</button>');
    const ack = await post(member, `/notices/${id}/acknowledge`);
    expect(ack.status).toBe(303);
    const after = await member.get(`/notices/${id}`);
    expect(after.text).toContain('已确认阅读');
    expect(after.text).not.toContain('确认已阅</button>');
    const first = await testDb().noticeReceipt.findUniqueOrThrow({ where: { noticeId_personId: { noticeId: id, personId: w.member.id } } });
    expect(first.acknowledgedAt).not.toBeNull();
    await post(member, `/notices/${id}/acknowledge`);
    expect(
      (await testDb().noticeReceipt.findUniqueOrThrow({ where: { noticeId_personId: { noticeId: id, personId: w.member.id } } }))
        .acknowledgedAt,
    ).toEqual(first.acknowledgedAt);

    // acknowledging without opening first also counts as read
    const staff = await loginAs(w.staff.username);
    expect((await post(staff, `/notices/${id}/acknowledge`)).status).toBe(303);
    expect(await testDb().noticeReceipt.count({ where: { noticeId: id, personId: w.staff.id, acknowledgedAt: { not: null } } })).toBe(1);

    // a notice that does not ask, and a reader it is not addressed to
    const plain = noticeIdOf(await issue(office, w.committee.code, { audience: 'UNITS', units: [w.branch.id] }));
    const refused = await post(member, `/notices/${plain}/acknowledge`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('该通知无需确认或已撤回');
    const outsider = await makePerson({ homeUnitId: w.committee.id });
    expect((await post(await loginAs(outsider.username), `/notices/${id}/acknowledge`)).status).toBe(404);
    expect(await testDb().noticeReceipt.count({ where: { personId: outsider.id } })).toBe(0);
  });

  it('counts per unit who has read and acknowledged, party groups in their branch', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = await askingNotice(w, office);
    // branch: secretary, info officer, org member, member, staff, group member, group leader (7); other: its secretary (1)
    await (await loginAs(w.member.username)).get(`/notices/${id}`);
    await post(await loginAs(w.groupMember.username), `/notices/${id}/acknowledge`);
    await post(await loginAs(w.secretary.username), `/notices/${id}/acknowledge`);
    await (await loginAs(w.otherSecretary.username)).get(`/notices/${id}`);

    const res = await office.get(`/notices/${id}/receipts`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '应读 <strong>8</strong> 人，已读 <strong>4</strong> 人，未读 <strong>4</strong> 人；已确认 <strong>2</strong> 人，未确认 <strong>6</strong> 人',
    );
    const row = (name: string) =>
      new RegExp(
        `${name}</a></th>\\s*<td class="num">(\\d+)</td><td class="num">(\\d+)</td><td class="num">(\\d+)</td>\\s*<td class="num">(\\d+)</td><td class="num">(\\d+)</td>`,
      )
        .exec(res.text)
        ?.slice(1)
        .map(Number);
    expect(row(w.branch.name)).toEqual([7, 3, 4, 2, 5]);
    expect(row(w.other.name)).toEqual([1, 1, 0, 0, 1]);
    expect(res.text).not.toContain(`${w.group.name}</a></th>`);

    // the people list, filtered
    const pending = await office.get(`/notices/${id}/receipts?unit=${w.branch.id}&status=pending`);
    expect(pending.text).toContain(w.staff.displayName);
    expect(pending.text).toContain(w.member.displayName);
    expect(pending.text).not.toContain(`<td>${w.groupMember.displayName}</td>`);
    expect(pending.text).not.toContain(`<td>${w.otherSecretary.displayName}</td>`);
    const acked = await office.get(`/notices/${id}/receipts?status=acknowledged`);
    expect(acked.text).toContain(`<td>${w.groupMember.displayName}</td>`);
    expect(acked.text).not.toContain(`<td>${w.member.displayName}</td>`);

    // the issuer's list sizes the audience with the same rule
    const issued = await office.get(`/notices/issued?unit=${w.committee.code}`);
    expect(issued.text).toMatch(
      new RegExp(
        `href="/notices/${id}">[^<]+</a></td>[\\s\\S]*?<td class="num">8</td>\\s*<td class="num">4</td>\\s*<td class="num">2</td>`,
      ),
    );

    // the branch's own secretary does not see the committee's receipts
    expect((await (await loginAs(w.secretary.username)).get(`/notices/${id}/receipts`)).status).toBe(403);
  });

  it('reminds those who have not acknowledged, who see it until they do', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = await askingNotice(w, office);
    await post(await loginAs(w.secretary.username), `/notices/${id}/acknowledge`);

    // one unit first
    const one = await post(office, `/notices/${id}/remind`, { unit: w.other.id });
    expect(one.status).toBe(303);
    expect(one.headers.location).toBe(`/notices/${id}/receipts?unit=${w.other.id}`);
    expect((await testDb().noticeReminder.findMany({ where: { noticeId: id } })).map((r) => r.personId)).toEqual([w.otherSecretary.id]);

    const all = await post(office, `/notices/${id}/remind`);
    expect(all.status).toBe(303);
    expect((await office.get(all.headers.location)).text).toContain('已提醒 7 人尽快确认');
    const reminded = await testDb().noticeReminder.findMany({ where: { noticeId: id } });
    expect(reminded.map((r) => r.personId)).not.toContain(w.secretary.id);
    expect(reminded.find((r) => r.personId === w.otherSecretary.id)?.times).toBe(2);

    const member = await loginAs(w.member.username);
    const list = await member.get('/notices');
    expect(list.text).toContain('党务室提醒您尽快确认');
    const page = await member.get(`/notices/${id}`);
    expect(page.text).toContain('党务室提醒您尽快确认');
    await post(member, `/notices/${id}/acknowledge`);
    expect((await member.get(`/notices/${id}`)).text).not.toContain('党务室提醒您尽快确认');
    expect((await member.get('/notices')).text).not.toContain(
      `/notices/${id}">关于做好年度民主评议党员工作的通知</a>\n      <span class="muted">`,
    );
    expect((await member.get('/notices')).text).not.toContain('党务室提醒您尽快确认：');
    // the receipts page shows who was reminded
    expect((await office.get(`/notices/${id}/receipts?unit=${w.branch.id}`)).text).toContain('已提醒 1 次');
  });

  it('reminds in the branch’s name for a branch notice, and only its issuer may remind', async () => {
    const w = await noticeWorld();
    const sec = await loginAs(w.secretary.username);
    const id = noticeIdOf(
      await issue(sec, w.branch.code, { title: '关于召开支部党员大会的通知', audience: 'UNITS', units: [w.branch.id] }),
    );
    expect((await post(await loginAs(w.office.username), `/notices/${id}/remind`)).status).toBe(403);
    expect((await post(await loginAs(w.otherSecretary.username), `/notices/${id}/remind`)).status).toBe(403);
    expect((await post(sec, `/notices/${id}/remind`)).status).toBe(303);
    expect((await (await loginAs(w.staff.username)).get('/notices')).text).toContain(`${w.branch.name}提醒您尽快阅读`);
  });

  it('exports the receipts to an Excel workbook with the names and their status', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = await askingNotice(w, office);
    await (await loginAs(w.member.username)).get(`/notices/${id}`);
    await post(await loginAs(w.groupMember.username), `/notices/${id}/acknowledge`);

    const res = await office.get(`/notices/${id}/receipts.xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const sheet = wb.getWorksheet('签收明细')!;
    const rows: Record<string, string> = {};
    sheet.eachRow((r) => {
      const v = r.values as unknown[];
      rows[String(v[2])] = `${v[1]}|${v[5]}`;
    });
    expect(rows[w.member.displayName]).toBe(`${w.branch.name}|已读未确认`);
    expect(rows[w.groupMember.displayName]).toBe(`${w.branch.name}|已确认`);
    expect(rows[w.staff.displayName]).toBe(`${w.branch.name}|未读`);
    expect(rows[w.otherSecretary.displayName]).toBe(`${w.other.name}|未读`);
    expect(Object.keys(rows)).not.toContain(w.office.displayName);
    const summary = wb.getWorksheet('按单位汇总')!;
    const total = summary.getRow(summary.rowCount).values as unknown[];
    expect(total.slice(1)).toEqual(['合计', 8, 2, 6, 1, 7]);

    expect((await (await loginAs(w.secretary.username)).get(`/notices/${id}/receipts.xlsx`)).status).toBe(403);
  });
});

describe('withdrawing a notice', () => {
  it('takes it back with a reason that readers see, and stops acknowledgements', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = await askingNotice(w, office);
    const empty = await post(office, `/notices/${id}/withdraw`, { reason: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写撤回原因');
    const ok = await post(office, `/notices/${id}/withdraw`, { reason: '文号有误，将重新印发' });
    expect(ok.status).toBe(303);
    const member = await loginAs(w.member.username);
    const list = await member.get('/notices');
    expect(list.text).toContain('已撤回');
    expect(list.text).toContain('撤回原因：文号有误，将重新印发');
    const page = await member.get(`/notices/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('本通知已于');
    expect(page.text).toContain('文号有误，将重新印发');
    expect(page.text).not.toContain('请于本月底前完成自查');
    expect(page.text).not.toContain('确认已阅</button>');
    expect((await post(member, `/notices/${id}/acknowledge`)).status).toBe(400);
    expect((await post(office, `/notices/${id}/withdraw`, { reason: '再撤一次' })).status).toBe(400);
    const log = await testDb().auditLog.findMany({
      where: { entityType: 'Notice', entityId: String(id) },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(log.map((l) => l.action)).toEqual(['notice.created', 'notice.published', 'notice.withdrawn']);
  });
});

describe('page cost', () => {
  it('keeps /notices and the receipts page at a fixed number of queries for 5 or 50 recipients', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const reader = await loginAs(w.member.username);
    const id = await askingNotice(w, office);
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const p = await makePerson({ homeUnitId: i % 2 ? w.group.id : w.other.id, partyStatus: i % 3 ? 'FULL' : 'MASSES' });
        await testDb().noticeReceipt.create({ data: { noticeId: id, personId: p.id, acknowledgedAt: i % 2 ? new Date() : null } });
        if (i % 4 === 0)
          await testDb().noticeReminder.create({ data: { noticeId: id, personId: p.id, fromName: '党务室', remindedById: w.office.id } });
      }
      await issue(office, w.committee.code, { audience: 'UNITS', units: [w.branch.id], ackRequired: 'on', ackDeadline: inDays(3) });
    };
    await reader.get(`/notices/${id}`); // the first look writes the receipt; the looks measured only read
    await grow(5);
    const small = {
      list: sqlQueries(await coldGet(reader, '/notices')),
      receipts: sqlQueries(await coldGet(office, `/notices/${id}/receipts`)),
      show: sqlQueries(await coldGet(reader, `/notices/${id}`)),
    };
    await grow(45);
    const large = {
      list: sqlQueries(await coldGet(reader, '/notices')),
      receipts: sqlQueries(await coldGet(office, `/notices/${id}/receipts`)),
      show: sqlQueries(await coldGet(reader, `/notices/${id}`)),
    };
    expect(large).toEqual(small);
    expect(sqlQueries(await coldGet(office, `/notices/issued?unit=${w.committee.code}`))).toBeLessThan(15);
  });
});
