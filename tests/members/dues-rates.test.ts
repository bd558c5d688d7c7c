import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { thisMonth } from '../../src/domain/dues/months.js';
import { rateTableProblems } from '../../src/domain/dues/rate-table.js';
import { loginAs, postConcurrently, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';

// The rate table is one for the whole portal, so shared by the worker's test files: each test puts it back.
type Rate = Awaited<ReturnType<typeof rates>>[number];
const rates = () => testDb().duesRate.findMany({ orderBy: { id: 'asc' } });
let original: Rate[];

beforeAll(async () => {
  original = await rates();
});
afterEach(async () => {
  const db = testDb();
  await db.duesRate.deleteMany({ where: { id: { notIn: original.map((r) => r.id) } } });
  for (const { id, ...data } of original) await db.duesRate.upsert({ where: { id }, create: { id, ...data }, update: data });
});

const yuanOf = (fen: number | null) => (fen == null ? '' : (fen / 100).toFixed(2));
const comparable = (rows: Rate[]) => rows.map(({ updatedAt: _, ...r }) => r);

/** The rate-table form as the office's browser sends it, with the table as it is now. */
async function tableForm(): Promise<Record<string, string>> {
  const body: Record<string, string> = {};
  for (const r of await rates()) {
    body[`label_${r.id}`] = r.label;
    body[`above_${r.id}`] = yuanOf(r.aboveFen);
    body[`upTo_${r.id}`] = yuanOf(r.upToFen);
    body[`rate_${r.id}`] = r.basisPoints == null ? '' : String(r.basisPoints / 100);
    body[`fixed_${r.id}`] = yuanOf(r.fixedFen);
  }
  return body;
}

/** The line of a category that starts above `aboveYuan` (null: the one that starts at 0). */
async function line(category: string, aboveYuan: number | null) {
  return (await rates()).find((r) => r.category === category && r.aboveFen === (aboveYuan == null ? null : aboveYuan * 100))!;
}

function rowOf(html: string, name: string): string {
  const at = html.indexOf(`>${name}</th>`);
  expect(at, `row of ${name}`).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</tr>', at));
}

async function world() {
  const w = await makeBranchWorld();
  const [a, b] = await Promise.all(
    ['子', '丑'].map((n) => makePerson({ displayName: `党员${n}`, homeUnitId: w.branch.id, partyStatus: 'FULL' })),
  );
  const asOffice = await loginAs(w.office.username);
  const org = await loginAs(w.orgMember.username);
  return { ...w, a, b, asOffice, org, sheet: `/units/${w.branch.code}/dues`, bases: `/units/${w.branch.code}/dues/bases` };
}

const declare = (org: Agent, url: string, personId: number, base: string) =>
  postForm(org, url, { personId, category: 'ON_JOB', base, validFrom: thisMonth() }, url);

describe('the office adds and removes lines of the rate table', () => {
  it('adds a bracket above 20000 yuan at 3%, and a member’s 应缴 on the sheet comes from it', async () => {
    const w = await world();
    const top = await line('ON_JOB', 10000);
    const res = await postForm(
      w.asOffice,
      '/dues/rates/new',
      {
        ...(await tableForm()),
        [`upTo_${top.id}`]: '20000',
        [`label_${top.id}`]: '在职：10000元以上至20000元（含）2%',
        category_new: 'ON_JOB',
        above_new: '20000',
        upTo_new: '',
        rate_new: '3',
        label_new: '在职：20000元以上 3%（试行）',
      },
      '/dues/rates',
    );
    expect(res.status).toBe(303);
    expect((await w.asOffice.get('/dues/rates')).text).toContain('已增加一条党费标准');
    const added = await testDb().duesRate.findFirstOrThrow({ where: { label: '在职：20000元以上 3%（试行）' } });
    expect(added).toMatchObject({ category: 'ON_JOB', aboveFen: 2_000_000, upToFen: null, basisPoints: 300, fixedFen: null });
    expect(await testDb().auditLog.count({ where: { action: 'dues.rate_added', entityId: String(added.id) } })).toBe(1);
    expect(await testDb().auditLog.count({ where: { action: 'dues.rate_changed', entityId: String(top.id) } })).toBeGreaterThan(0);

    expect((await declare(w.org, w.bases, w.a.id, '25000')).status).toBe(303);
    expect((await declare(w.org, w.bases, w.b.id, '15000')).status).toBe(303);
    const sheet = await w.org.get(w.sheet);
    expect(rowOf(sheet.text, '党员子')).toContain('750.00');
    expect(rowOf(sheet.text, '党员子')).toContain('在职：20000元以上 3%（试行）：25000.00 元 × 3%');
    expect(rowOf(sheet.text, '党员丑')).toContain('300.00');
    expect(rowOf(sheet.text, '党员丑')).toContain('× 2%');
    // the page lists the new line in its place, after the bracket below it
    const page = (await w.asOffice.get('/dues/rates')).text;
    expect(page.indexOf('20000元以上 3%（试行）')).toBeGreaterThan(page.indexOf('10000元以上至20000元（含）2%'));
  });

  it('removes a bracket when its neighbour is widened in the same form, and 应缴 follows', async () => {
    const w = await world();
    const [mid, gone] = [await line('ON_JOB', 3000), await line('ON_JOB', 5000)];
    const body = { ...(await tableForm()), [`upTo_${mid.id}`]: '10000', [`label_${mid.id}`]: '在职：3000元以上至10000元（含）1%' };
    const res = await postForm(w.asOffice, `/dues/rates/${gone.id}/delete`, body, '/dues/rates');
    expect(res.status).toBe(303);
    expect((await w.asOffice.get('/dues/rates')).text).toContain(`已删除党费标准：${gone.label}`);
    expect(await testDb().duesRate.findUnique({ where: { id: gone.id } })).toBeNull();
    expect(await testDb().auditLog.count({ where: { action: 'dues.rate_deleted', entityId: String(gone.id) } })).toBe(1);
    await declare(w.org, w.bases, w.a.id, '8000');
    const sheet = await w.org.get(w.sheet);
    expect(rowOf(sheet.text, '党员子')).toContain('80.00');
    expect(rowOf(sheet.text, '党员子')).toContain('8000.00 元 × 1%');
  });
});

describe('the whole table is checked before any change is saved', () => {
  it('refuses an added line that overlaps, saying which, with the form kept and nothing changed', async () => {
    const w = await world();
    const before = await rates();
    const body = {
      ...(await tableForm()),
      category_new: 'ON_JOB',
      above_new: '3000',
      upTo_new: '6000',
      rate_new: '1.2',
      label_new: '在职：试行档',
    };
    const res = await postForm(w.asOffice, '/dues/rates/new', body, '/dues/rates');
    expect(res.status).toBe(400);
    expect(res.text).toContain('在职 5000.00–10000.00 元与 3000.00–6000.00 元重叠');
    expect(res.text).toContain('value="6000"');
    expect(res.text).toContain('value="在职：试行档"');
    expect(res.text).toMatch(/<option value="ON_JOB"\s+selected/);
    expect(comparable(await rates())).toEqual(comparable(before));
    expect(await testDb().auditLog.count({ where: { action: 'dues.rate_added', actorId: w.office.id } })).toBe(0);
  });

  it('checks an edit of the existing lines the same way: an overlap is refused and the old value kept', async () => {
    const w = await world();
    const mid = await line('ON_JOB', 3000);
    const res = await postForm(w.asOffice, '/dues/rates', { ...(await tableForm()), [`upTo_${mid.id}`]: '6000' }, '/dues/rates');
    expect(res.status).toBe(400);
    expect(res.text).toContain('在职 5000.00–10000.00 元与 3000.00–6000.00 元重叠');
    expect(res.text).toContain(`name="upTo_${mid.id}" size="8" value="6000"`);
    expect((await testDb().duesRate.findUniqueOrThrow({ where: { id: mid.id } })).upToFen).toBe(500_000);
  });

  it('refuses a removal that leaves a gap or a closed last bracket, and removing the only 0.2-yuan line', async () => {
    const w = await world();
    const before = await rates();
    const form = await tableForm();
    const refused = async (id: number, message: string) => {
      const res = await postForm(w.asOffice, `/dues/rates/${id}/delete`, form, '/dues/rates');
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain('党费标准未保存');
    };
    await refused((await line('ON_JOB', 5000)).id, '在职 5000.00–10000.00 元之间没有标准');
    await refused((await line('RETIRED', 5000)).id, '离退休最后一档应不设上限（“不超过”留空），现到 5000.00 元为止');
    await refused((await line('ON_JOB', null)).id, '在职第一档应从 0 元起（“高于”留空），现为高于 3000.00 元');
    const low = (await rates()).find((r) => r.category === 'LOW_INCOME')!;
    await refused(low.id, '学生、下岗失业、低保党员须有一条固定金额标准（每月 0.20 元），不能删除');
    // a bare delete button (no fields sent) is checked the same way
    const bare = await postForm(w.asOffice, `/dues/rates/${low.id}/delete`, {}, '/dues/rates');
    expect(bare.status).toBe(400);
    expect(comparable(await rates())).toEqual(comparable(before));
  });

  it('refuses a second 0.2-yuan line and a rate above 10%', async () => {
    const w = await world();
    const form = await tableForm();
    const second = await postForm(
      w.asOffice,
      '/dues/rates/new',
      { ...form, category_new: 'LOW_INCOME', fixed_new: '0.20', label_new: '低保：0.2元' },
      '/dues/rates',
    );
    expect(second.status).toBe(400);
    expect(second.text).toContain('学生、下岗失业、低保党员只能有一条固定金额标准，现有 2 条');
    const top = await line('RETIRED', 5000);
    const high = await postForm(w.asOffice, '/dues/rates', { ...form, [`rate_${top.id}`]: '12' }, '/dues/rates');
    expect(high.status).toBe(400);
    expect(high.text).toContain('离退休 5000.00 元以上：比例 12% 不在 0 到 10% 之间');
    expect((await testDb().duesRate.findUniqueOrThrow({ where: { id: top.id } })).basisPoints).toBe(100);
  });

  it('checks two changes sent at once one after the other: the second sees the first and is refused', async () => {
    const w = await world();
    const top = await line('ON_JOB', 10000);
    const body = (label: string) => ({
      category_new: 'ON_JOB',
      above_new: '20000',
      rate_new: '3',
      label_new: label,
      [`label_${top.id}`]: top.label,
      [`above_${top.id}`]: '10000',
      [`upTo_${top.id}`]: '20000',
      [`rate_${top.id}`]: '2',
    });
    const answers = await postConcurrently(w.asOffice, '/dues/rates/new', [body('甲'), body('乙'), body('丙')], '/dues/rates');
    expect(answers.map((r) => r.status).sort()).toEqual([303, 400, 400]);
    expect(await testDb().duesRate.count({ where: { category: 'ON_JOB', aboveFen: 2_000_000 } })).toBe(1);
    expect(rateTableProblems(await rates())).toEqual([]);
  });

  it('finds the default table sound', () => {
    expect(rateTableProblems(original)).toEqual([]);
  });
});

describe('who may add and remove lines', () => {
  it('refuses the branch’s officers and an employee with 403, and shows the buttons to the office only', async () => {
    const w = await world();
    const before = await rates();
    const form = { ...(await tableForm()), category_new: 'BRANCH_FIXED', label_new: '说明' };
    const low = before.find((r) => r.category === 'ON_JOB' && r.aboveFen === 500_000)!;
    for (const who of [w.orgMember, w.secretary, w.staff]) {
      const agent = who === w.orgMember ? w.org : await loginAs(who.username);
      expect((await postForm(agent, '/dues/rates/new', form, '/dues/rates')).status, who.displayName).toBe(403);
      expect((await postForm(agent, `/dues/rates/${low.id}/delete`, form, '/dues/rates')).status, who.displayName).toBe(403);
      expect((await agent.get('/dues/rates')).text).not.toContain('formaction=');
    }
    expect(comparable(await rates())).toEqual(comparable(before));
    const page = (await w.asOffice.get('/dues/rates')).text;
    expect(page).toContain('formaction="/dues/rates/new"');
    expect(page).toContain(`formaction="/dues/rates/${low.id}/delete"`);
  });
});
