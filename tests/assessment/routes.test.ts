import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { anonymous, loginAs, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

// Scheme years are unique in the worker's shared database: this file takes 2201, 2202, … in order.
let nextYear = 2201;

/**
 * A branch world and a scheme with a hand-scored criterion (weight 30, max 10) and PDCA on time (weight 10,
 * max 10). The branch has no countermeasures, so PDCA gives full marks and its total is (hand/10 × 30 + 10) / 40.
 */
async function setup() {
  const w = await makeBranchWorld();
  const year = nextYear++;
  const scheme = await testDb().assessmentScheme.create({
    data: {
      year,
      criteria: {
        create: [
          { title: '党建工作实绩', method: 'MANUAL', weight: 30, maxScore: 10, sortOrder: 1 },
          { title: '整改按期关闭', method: 'PDCA_ON_TIME', weight: 10, maxScore: 10, sortOrder: 2 },
        ],
      },
    },
    include: { criteria: { orderBy: { sortOrder: 'asc' } } },
  });
  const [hand, pdca] = scheme.criteria;
  const office = await loginAs(w.office.username);
  return { ...w, officePerson: w.office, year, scheme, hand, pdca, office, base: `/assessment/${year}` };
}

type World = Awaited<ReturnType<typeof setup>>;

/** The office computes the quarter and gives the branch `score` by hand. */
async function scoreQuarter(w: World, quarter: number, score: number, comment = '') {
  const sheet = `${w.base}/q/${quarter}`;
  expect((await postForm(w.office, `${sheet}/compute`, {}, sheet)).status).toBe(303);
  const res = await postForm(
    w.office,
    `${sheet}/scores`,
    { [`score_${w.branch.id}_${w.hand.id}`]: String(score), [`comment_${w.branch.id}_${w.hand.id}`]: comment },
    sheet,
  );
  expect(res.status).toBe(303);
}

const publish = async (w: World, quarter: number) =>
  expect((await postForm(w.office, `${w.base}/q/${quarter}/publish`, {}, `${w.base}/q/${quarter}`)).status).toBe(303);

function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function workbook(agent: Agent, url: string, sheet = 0) {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse(binary as never);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
  const ws = wb.worksheets[sheet];
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? null)));
  return rows;
}

describe('who may do what', () => {
  it('sends anonymous visitors to the login page', async () => {
    const w = await setup();
    for (const url of ['/assessment', `${w.base}/q/1`, `${w.base}/scheme`, `${w.base}/ranking.xlsx`]) {
      const res = await anonymous().get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?returnTo=${encodeURIComponent(url)}`);
    }
    const res = await postForm(anonymous(), `${w.base}/q/1/compute`, {}, '/login');
    expect(res.headers.location).toContain('/login');
  });

  it('keeps the scoring sheet, the scheme and every change for the office and administrators', async () => {
    const w = await setup();
    for (const p of [w.member, w.secretary, w.staff]) {
      const a = await loginAs(p.username);
      for (const url of [`${w.base}/q/1`, `${w.base}/q/1/export.xlsx`, `${w.base}/scheme`])
        expect((await a.get(url)).status, url).toBe(403);
      for (const url of [
        `${w.base}/q/1/compute`,
        `${w.base}/q/1/publish`,
        `${w.base}/q/1/reopen`,
        `${w.base}/q/1/scores`,
        `${w.base}/scheme`,
        `${w.base}/criteria`,
        `${w.base}/criteria/${w.hand.id}`,
        `${w.base}/criteria/${w.hand.id}/retire`,
      ]) {
        expect((await postForm(a, url, { weight: '1' })).status, url).toBe(403);
      }
      const overview = await a.get(`/assessment?year=${w.year}`);
      expect(overview.status).toBe(200);
      expect(overview.text).not.toContain(`${w.base}/q/1"`);
    }
    expect(await testDb().assessmentRound.count({ where: { schemeId: w.scheme.id } })).toBe(0);
    const admin = await loginAs(w.admin.username);
    expect((await admin.get(`${w.base}/q/1`)).status).toBe(200);
    expect((await admin.get(`${w.base}/scheme`)).status).toBe(200);
  });

  it('answers 404 for a year, quarter or criterion that is not one', async () => {
    const w = await setup();
    for (const url of ['/assessment/26/q/1', `${w.base}/q/5`, `${w.base}/q/x`, '/assessment/2999/q/1'])
      expect((await w.office.get(url)).status, url).toBe(404);
    expect((await postForm(w.office, `${w.base}/criteria/999999999`, {}, `${w.base}/scheme`)).status).toBe(404);
    expect((await w.office.get('/assessment?year=abc')).status).toBe(200);
  });
});

describe('the quarter’s scoring sheet', () => {
  it('computes, takes hand scores with comments, publishes read-only, and reopens', async () => {
    const w = await setup();
    const sheetUrl = `${w.base}/q/1`;
    const empty = await w.office.get(sheetUrl);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('党建工作实绩');
    expect(empty.text).toContain(w.branch.name);

    const nothing = await postForm(w.office, `${sheetUrl}/publish`, {}, sheetUrl);
    expect(nothing.status).toBe(400);
    expect(nothing.text).toContain('本季度还没有评分，不能发布');

    const computed = await postForm(w.office, `${sheetUrl}/compute`, {}, sheetUrl);
    expect(computed.status).toBe(303);
    const afterCompute = await w.office.get(sheetUrl);
    expect(afterCompute.text).toMatch(/已计算 \d+ 个支部的 1 项自动考核内容/);
    expect(afterCompute.text).toContain('本季度没有到期的整改事项');

    await scoreQuarter(w, 1, 7, '三会一课规范');
    const saved = await testDb().assessmentScore.findFirstOrThrow({ where: { unitId: w.branch.id, criterionId: w.hand.id } });
    expect(saved).toMatchObject({ score: 7, comment: '三会一课规范', ratio: null, updatedById: w.officePerson.id });
    const sheet = await w.office.get(sheetUrl);
    expect(sheet.text).toContain('77.50'); // (0.7 × 30 + 1 × 10) / 40 × 100

    await publish(w, 1);
    const published = await w.office.get(sheetUrl);
    expect(published.text).toContain('评分表只读');
    expect(published.text).not.toContain(`name="score_${w.branch.id}_${w.hand.id}"`);
    const locked = await postForm(w.office, `${sheetUrl}/scores`, { [`score_${w.branch.id}_${w.hand.id}`]: '9' }, sheetUrl);
    expect(locked.status).toBe(400);
    expect(locked.text).toContain('本季度考核结果已发布，不能修改');
    expect((await postForm(w.office, `${sheetUrl}/compute`, {}, sheetUrl)).status).toBe(400);

    expect((await postForm(w.office, `${sheetUrl}/reopen`, {}, sheetUrl)).status).toBe(303);
    expect((await testDb().assessmentRound.findFirstOrThrow({ where: { schemeId: w.scheme.id, quarter: 1 } })).status).toBe('DRAFT');
    expect((await w.office.get(sheetUrl)).text).toContain(`name="score_${w.branch.id}_${w.hand.id}"`);
    const audit = await testDb().auditLog.findMany({ where: { actorId: w.officePerson.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['assessment.computed', 'assessment.scores_saved', 'assessment.published', 'assessment.reopened']),
    );
  });

  it('refuses a hand score above the maximum, below 0 or not a number, with the values kept', async () => {
    const w = await setup();
    const sheetUrl = `${w.base}/q/1`;
    const k = `${w.branch.id}_${w.hand.id}`;
    const ko = `${w.other.id}_${w.hand.id}`;
    const res = await postForm(
      w.office,
      `${sheetUrl}/scores`,
      { [`score_${k}`]: '12', [`comment_${k}`]: '超出满分的评分说明', [`score_${ko}`]: '-1' },
      sheetUrl,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(`${w.branch.name}“党建工作实绩”的得分不能超过满分 10 分`);
    expect(res.text).toContain(`${w.other.name}“党建工作实绩”的得分不能小于 0`);
    expect(res.text).toContain('value="12"');
    expect(res.text).toContain('超出满分的评分说明');
    const nan = await postForm(w.office, `${sheetUrl}/scores`, { [`score_${k}`]: '八分' }, sheetUrl);
    expect(nan.status).toBe(400);
    expect(nan.text).toContain('的得分请填写数字');
    const commentOnly = await postForm(w.office, `${sheetUrl}/scores`, { [`score_${k}`]: '', [`comment_${k}`]: '只有说明' }, sheetUrl);
    expect(commentOnly.status).toBe(400);
    expect(commentOnly.text).toContain('填写了评分说明，请同时填写得分');
    expect(await testDb().assessmentScore.count({ where: { unitId: { in: [w.branch.id, w.other.id] } } })).toBe(0);
  });

  it('exports the sheet to Excel with the right totals', async () => {
    const w = await setup();
    await scoreQuarter(w, 1, 7, '三会一课规范');
    const rows = await workbook(w.office, `${w.base}/q/1/export.xlsx`);
    expect(String(rows[0][0])).toContain(`${w.year} 年第一季度党支部考核评分表`);
    const row = rows.find((r) => r[1] === w.branch.name)!;
    expect(row.slice(2)).toEqual([7, 10, 77.5]);
    expect(rows.find((r) => r[1] === w.other.name)!.slice(2)).toEqual([null, 10, 25]);
    // the explanations and comments as cells, not only as hover notes
    const notes = await workbook(w.office, `${w.base}/q/1/export.xlsx`, 1);
    expect(notes[0]).toEqual(['支部', '考核项目', '计分方式', '完成比例', '得分', '满分', '评分说明']);
    expect(notes.find((r) => r[0] === w.branch.name && r[6] === '三会一课规范')).toBeDefined();
    expect(notes.some((r) => typeof r[3] === 'string' && r[3].endsWith('%'))).toBe(true);
  });
});

describe('the overview and the published results', () => {
  it('shows members only published quarters; the office also sees drafts, which never count in the year', async () => {
    const w = await setup();
    await scoreQuarter(w, 1, 7, '三会一课规范');
    await publish(w, 1);
    await scoreQuarter(w, 2, 4);

    const member = await loginAs(w.member.username);
    const mine = await member.get(`/assessment?year=${w.year}`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('77.50');
    expect(mine.text).not.toContain('55.00'); // Q2: (0.4 × 30 + 10) / 40 — still a draft
    expect(mine.text).toContain('未发布');
    const office = await w.office.get(`/assessment?year=${w.year}`);
    expect(office.text).toContain('55.00');
    expect(office.text).toContain('草稿');
    // the year result is Q1's alone, for everyone
    const rowOf = (html: string) => html.slice(html.indexOf(w.branch.name), html.indexOf('</tr>', html.indexOf(w.branch.name)));
    expect(rowOf(office.text).match(/77\.50/g)).toHaveLength(2);

    const ranking = await workbook(member, `${w.base}/ranking.xlsx`);
    expect(ranking.find((r) => r[1] === w.branch.name)!.slice(2)).toEqual([77.5, null, null, null, 77.5]);
  });

  it('recomputes every total when the office changes a weight', async () => {
    const w = await setup();
    await scoreQuarter(w, 1, 7);
    await publish(w, 1);
    const res = await postForm(
      w.office,
      `${w.base}/criteria/${w.pdca.id}`,
      { title: '整改按期关闭', method: 'PDCA_ON_TIME', weight: '30', maxScore: '10' },
      `${w.base}/scheme`,
    );
    expect(res.status).toBe(303);
    const after = await (await loginAs(w.member.username)).get(`/assessment?year=${w.year}`);
    expect(after.text).toContain('85.00'); // (0.7 × 30 + 1 × 30) / 60
    expect(after.text).not.toContain('77.50');
  });

  it('shows a branch its published results by criterion in its 诊断与考核 module, and the committee all branches ranked', async () => {
    const w = await setup();
    await scoreQuarter(w, 1, 7, '三会一课规范，党员先锋岗作用明显');
    await publish(w, 1);
    await scoreQuarter(w, 2, 4, '二季度草稿说明');
    const member = await loginAs(w.member.username);
    const own = await member.get(`/units/${w.branch.code}/modules/assessment?year=${w.year}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('年度得分');
    expect(own.text).toContain('77.50');
    expect(own.text).toContain('三会一课规范，党员先锋岗作用明显');
    expect(own.text).toContain('本季度没有到期的整改事项');
    expect(own.text).not.toContain('二季度草稿说明');
    expect(own.text).toMatch(/第 \d+ 名/);
    const committee = await member.get(`/units/${w.committee.code}/modules/assessment?year=${w.year}`);
    expect(committee.status).toBe(200);
    expect(committee.text).toContain('各支部考核排名');
    expect(committee.text).toContain(w.branch.name);
    const none = await member.get(`/units/${w.branch.code}/modules/assessment?year=2999`);
    expect(none.text).toContain('2999 年尚未制定考核方案');
  });
});

describe('the scheme', () => {
  it('is created for a year, copying last year’s criteria when asked, and only once', async () => {
    const w = await setup();
    const year = w.year + 1;
    nextYear++;
    const page = await w.office.get(`/assessment/${year}/scheme`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`沿用 ${w.year} 年方案的 2 项考核内容`);
    expect(
      (await postForm(w.office, `/assessment/${year}/scheme`, { note: '新一年', copyPrevious: 'on' }, `/assessment/${year}/scheme`)).status,
    ).toBe(303);
    const copied = await testDb().assessmentCriterion.findMany({ where: { scheme: { year } }, orderBy: { sortOrder: 'asc' } });
    expect(copied.map((c) => [c.title, c.method, c.weight])).toEqual([
      ['党建工作实绩', 'MANUAL', 30],
      ['整改按期关闭', 'PDCA_ON_TIME', 10],
    ]);
    const again = await postForm(w.office, `/assessment/${year}/scheme`, {}, `/assessment/${year}/scheme`);
    expect(again.status).toBe(400);
    expect(again.text).toContain(`${year} 年的考核方案已经存在`);
  });

  it('adds, changes and retires criteria, and refuses bad values in Chinese with the form refilled', async () => {
    const w = await setup();
    const schemeUrl = `${w.base}/scheme`;
    const bad = await postForm(
      w.office,
      `${w.base}/criteria`,
      { title: '信息报送质量', method: 'MANUAL', weight: '-5', maxScore: '0' },
      schemeUrl,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('权重不能为负数');
    expect(bad.text).toContain('满分必须大于 0');
    expect(bad.text).toContain('value="信息报送质量"');
    const noNorm = await postForm(
      w.office,
      `${w.base}/criteria`,
      { title: '信息报送', method: 'INFO_UPDATES', weight: '10', maxScore: '10', norm: '' },
      schemeUrl,
    );
    expect(noNorm.status).toBe(400);
    expect(noNorm.text).toContain('信息报送须填写满分所需的条数');
    const badEdit = await postForm(
      w.office,
      `${w.base}/criteria/${w.hand.id}`,
      { title: '', method: 'MANUAL', weight: 'abc', maxScore: '10' },
      schemeUrl,
    );
    expect(badEdit.status).toBe(400);
    expect(badEdit.text).toContain('请填写考核内容');
    expect(badEdit.text).toContain('权重请填写数字');

    expect(
      (
        await postForm(
          w.office,
          `${w.base}/criteria`,
          { title: '信息报送', method: 'INFO_UPDATES', weight: '10', maxScore: '10', norm: '12' },
          schemeUrl,
        )
      ).status,
    ).toBe(303);
    const added = await testDb().assessmentCriterion.findFirstOrThrow({ where: { schemeId: w.scheme.id, title: '信息报送' } });
    expect(added).toMatchObject({ method: 'INFO_UPDATES', weight: 10, maxScore: 10, norm: 12, sortOrder: 3 });

    expect((await postForm(w.office, `${w.base}/criteria/${w.hand.id}/retire`, {}, schemeUrl)).status).toBe(303);
    const sheet = await w.office.get(`${w.base}/q/1`);
    expect(sheet.text).not.toContain('党建工作实绩<br>');
    expect(sheet.text).toContain('信息报送');
    expect((await w.office.get(schemeUrl)).text).toContain('已停用');
    expect(
      (await postForm(w.office, `${w.base}/criteria/${w.hand.id}`, { title: 'x', method: 'MANUAL', weight: '1', maxScore: '1' }, schemeUrl))
        .status,
    ).toBe(404);
  });
});
