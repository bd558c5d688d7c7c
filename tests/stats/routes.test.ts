import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { quarterOf } from '../../src/domain/stats/quarters.js';
import { anonymous, csrfOf, loginAs, postForm, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeUnit } from '../helpers/factories.js';
import { makeItem, sendBackAt } from './stats-helpers.js';

/** The office rates every unit of a quarter but the ones named (as if done one by one on the page). */
async function rateAllBut(year: number, quarter: number, unitIds: number[]) {
  const q = await testDb().statsQuarter.findUniqueOrThrow({ where: { year_quarter: { year, quarter } } });
  await testDb().statsUnitRow.updateMany({ where: { quarterId: q.id, unitId: { notIn: unitIds } }, data: { rating: 'FAIR' } });
}

describe('/stats: who may see and do what', () => {
  it('sends anonymous visitors to the login page', async () => {
    const w = await makeBranchWorld();
    const anon = anonymous();
    for (const url of ['/stats', '/stats/2005/1', '/stats/2005/1.xlsx', `/stats/units/${w.branch.code}`]) {
      const res = await anon.get(url);
      expect(res.status, url).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }
    const token = await csrfOf(anon);
    for (const action of ['compute', 'rate', 'publish']) {
      const res = await anon.post(`/stats/2005/1/${action}`).type('form').send({ _csrf: token });
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }
  });

  it('lets only the office compute, rate and publish, and shows drafts to no one else', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    expect((await postForm(office, '/stats/2005/1/compute', {})).status).toBe(303);
    for (const p of [w.staff, w.secretary, w.member]) {
      const agent = await loginAs(p.username);
      expect((await postForm(agent, '/stats/2005/1/compute', {})).status).toBe(403);
      expect((await postForm(agent, '/stats/2005/1/rate', { [`rows[u${w.branch.id}][rating]`]: 'EXCELLENT' })).status).toBe(403);
      expect((await postForm(agent, '/stats/2005/1/publish', {})).status).toBe(403);
      expect((await agent.get('/stats/2005/1')).status).toBe(404);
      expect((await agent.get('/stats/2005/1.xlsx')).status).toBe(404);
      expect((await agent.get('/stats')).text).not.toContain('2005年第一季度');
      expect((await agent.get(`/stats/units/${w.branch.code}`)).text).not.toContain('2005年第一季度');
    }
    expect((await office.get('/stats')).text).toContain('2005年第一季度');
    expect((await office.get('/stats/2005/1')).text).toContain('草稿（未发布）');
    const row = await testDb().statsUnitRow.findFirstOrThrow({ where: { unitId: w.branch.id, quarter: { year: 2005, quarter: 1 } } });
    expect(row.rating).toBeNull();
    // the administrator manages the statistics too
    expect((await postForm(await loginAs(w.admin.username), '/stats/2005/1/compute', {})).status).toBe(303);
  });

  it('answers 404 for a quarter that is not one', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    for (const url of ['/stats/1999/1', '/stats/2005/5', '/stats/2005/0', '/stats/abcd/1', '/stats/2005/1x', '/stats/units/nope']) {
      expect((await office.get(url)).status, url).toBe(404);
    }
    expect((await postForm(office, '/stats/2005/7/compute', {})).status).toBe(404);
    // a quarter not computed yet: the office may compute it, others find nothing
    expect((await postForm(office, '/stats/2099/1/rate', { [`rows[u${w.branch.id}][rating]`]: 'GOOD' })).status).toBe(404);
    expect((await postForm(office, '/stats/2099/1/publish', {})).status).toBe(404);
    expect((await (await loginAs(w.staff.username)).get('/stats/2098/1')).status).toBe(404);
  });
});

describe('/stats: computing, rating and publishing a quarter', () => {
  it('computes a draft, refuses bad ratings with the form refilled, publishes when all are rated, then freezes it', async () => {
    const w = await makeBranchWorld();
    await makeItem(w.branch.id, w.secretary.id, 'meetings', [
      { status: 'PUBLISHED', submittedAt: '2006-05-01T00:00:00Z', at: '2006-05-03T00:00:00Z' },
    ]);
    await makeItem(w.branch.id, w.secretary.id, 'featured', [{ status: 'PUBLISHED', at: '2006-06-03T00:00:00Z' }]);
    await sendBackAt(w.branch.id, w.secretary.id, '2006-05-20T00:00:00Z');
    const office = await loginAs(w.office.username);
    const url = '/stats/2006/2';

    // the picker opens the quarter; not computed yet, the office is offered the computation
    const picked = await office.get('/stats?year=2006&quarter=2');
    expect(picked.status).toBe(303);
    expect(picked.headers.location).toBe(url);
    const empty = await office.get(url);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('本季度尚未统计');
    expect(empty.text).toContain(`action="${url}/compute"`);

    const computed = await postForm(office, `${url}/compute`, {});
    expect(computed.status).toBe(303);
    expect(computed.headers.location).toBe(url);
    const draft = await office.get(url);
    expect(draft.text).toContain('已计算2006年第二季度的统计');
    expect(draft.text).toContain('草稿（未发布）');
    expect(draft.text).toContain('<svg class="chart bar-chart"');
    expect(draft.text).toContain(`<title>${w.branch.name}：2</title>`);
    expect(draft.text).toContain('发布本季度统计');

    const bad = await postForm(office, `${url}/rate`, {
      [`rows[u${w.branch.id}][rating]`]: 'SUPERB',
      [`rows[u${w.branch.id}][comment]`]: '好',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请选择评定等级（优、良、中、差）');
    const long = '很好'.repeat(101);
    const tooLong = await postForm(office, `${url}/rate`, {
      [`rows[u${w.branch.id}][rating]`]: 'GOOD',
      [`rows[u${w.branch.id}][comment]`]: long,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('评语不能超过 200 个字');
    expect(tooLong.text).toContain(`value="${long}"`);
    expect(tooLong.text).toMatch(/<option value="GOOD" selected>良<\/option>/);
    expect((await postForm(office, `${url}/rate`, { [`rows[u${999999999}][rating]`]: 'GOOD' })).status).toBe(404);

    const early = await postForm(office, `${url}/publish`, {});
    expect(early.status).toBe(400);
    expect(early.text).toMatch(/还有 \d+ 个单位未评定等级/);

    expect(
      (
        await postForm(office, `${url}/rate`, {
          [`rows[u${w.branch.id}][rating]`]: 'GOOD',
          [`rows[u${w.branch.id}][comment]`]: '三会一课记录规范，特色工作有亮点',
        })
      ).status,
    ).toBe(303);
    await rateAllBut(2006, 2, [w.branch.id]);
    const published = await postForm(office, `${url}/publish`, {});
    expect(published.status).toBe(303);
    expect((await office.get(url)).text).toContain('2006年第二季度的统计已发布');

    // everyone now sees it, with the office's rating
    const staff = await loginAs(w.staff.username);
    const seen = await staff.get(url);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('已发布');
    expect(seen.text).toContain('三会一课记录规范，特色工作有亮点');
    expect(seen.text).toContain('<span class="rating rating-good">良</span>');
    expect(seen.text).not.toContain('发布本季度统计');
    expect(seen.text).not.toContain('/rate');
    expect((await staff.get('/stats')).text).toContain('2006年第二季度');

    // frozen: recomputing or rating is refused with the reason on the page
    await makeItem(w.branch.id, w.secretary.id, 'news', [{ status: 'PUBLISHED', at: '2006-06-10T00:00:00Z' }]);
    const again = await postForm(office, `${url}/compute`, {});
    expect(again.status).toBe(400);
    expect(again.text).toContain('统计已发布，不能重新计算');
    expect((await postForm(office, `${url}/rate`, { [`rows[u${w.branch.id}][rating]`]: 'POOR' })).status).toBe(400);
    const row = await testDb().statsUnitRow.findFirstOrThrow({ where: { unitId: w.branch.id, quarter: { year: 2006, quarter: 2 } } });
    expect(row).toMatchObject({ updates: 2, featured: 1, sentBack: 1, rating: 'GOOD' });
  });

  it('rates every unit on one sheet: one save, errors beside the field, nothing saved or lost when one line is wrong', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const url = '/stats/2007/3';
    await postForm(office, `${url}/compute`, {});
    const sheet = (await office.get(url)).text;
    expect(sheet.match(/<form[^>]*action="\/stats\/2007\/3\/rate/g)).toHaveLength(1);
    expect(sheet).toContain(`name="rows[u${w.branch.id}][rating]"`);
    expect(sheet).toContain(`name="rows[u${w.other.id}][rating]"`);

    const wrong = await postForm(office, `${url}/rate`, {
      [`rows[u${w.branch.id}][rating]`]: 'GOOD',
      [`rows[u${w.branch.id}][comment]`]: '更新及时',
      [`rows[u${w.other.id}][rating]`]: '',
      [`rows[u${w.other.id}][comment]`]: '只写了评语',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain(`id="rating-${w.other.id}-error"`);
    expect(wrong.text).toContain('写了评语，请同时选择等级');
    expect(wrong.text).toContain('value="只写了评语"');
    expect(wrong.text).toContain('value="更新及时"');
    const rated = () => testDb().statsUnitRow.findMany({ where: { quarter: { year: 2007, quarter: 3 }, rating: { not: null } } });
    expect(await rated()).toHaveLength(0);

    const saved = await postForm(office, `${url}/rate`, {
      [`rows[u${w.branch.id}][rating]`]: 'GOOD',
      [`rows[u${w.branch.id}][comment]`]: '更新及时',
      [`rows[u${w.other.id}][rating]`]: 'FAIR',
      [`rows[u${w.other.id}][comment]`]: '只写了评语',
    });
    expect(saved.status).toBe(303);
    expect((await office.get(url)).text).toContain('已保存 2 个单位的评定');
    expect((await rated()).map((r) => r.rating).sort()).toEqual(['FAIR', 'GOOD']);
  });

  it('does not compute a quarter that has not ended', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const now = quarterOf(new Date());
    const url = `/stats/${now.year}/${now.quarter}`;
    expect((await office.get(url)).text).toContain('尚未结束，结束后才能统计');
    const res = await postForm(office, `${url}/compute`, {});
    expect(res.status).toBe(400);
    expect(res.text).toContain('尚未结束，结束后才能统计');
  });

  it('exports the quarter to Excel with the numbers of the page', async () => {
    const w = await makeBranchWorld();
    await makeItem(w.branch.id, w.secretary.id, 'meetings', [
      { status: 'PUBLISHED', submittedAt: '2008-01-10T00:00:00Z', at: '2008-01-11T12:00:00Z' },
    ]);
    // a news item whose second version the office took down: the first shows again
    await makeItem(w.branch.id, w.secretary.id, 'news', [
      { status: 'PUBLISHED', at: '2008-02-11T00:00:00Z' },
      { status: 'TAKEN_DOWN', at: '2008-03-01T00:00:00Z' },
    ]);
    const office = await loginAs(w.office.username);
    await postForm(office, '/stats/2008/1/compute', {});
    await postForm(office, '/stats/2008/1/rate', {
      [`rows[u${w.branch.id}][rating]`]: 'EXCELLENT',
      [`rows[u${w.branch.id}][comment]`]: '按时更新',
    });
    const res = await office
      .get('/stats/2008/1.xlsx')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('stats-2008-q1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('季度统计') ?? wb.worksheets[0];
    expect(String(sheet.getCell('A1').value)).toContain('2008年第一季度');
    expect(String(sheet.getCell('A1').value)).toContain('草稿');
    let found: unknown[] | undefined;
    sheet.eachRow((row) => {
      const v = row.values as unknown[];
      if (v[1] === w.branch.name) found = v.slice(1);
    });
    const stored = await testDb().statsUnitRow.findFirstOrThrow({ where: { unitId: w.branch.id, quarter: { year: 2008, quarter: 1 } } });
    // unit, updates, change, current, tracked, featured, sent back, taken down, review hours, score, rating, comment
    expect(found).toEqual([
      w.branch.name,
      2,
      '',
      stored.modulesCurrent,
      stored.modulesTracked,
      0,
      0,
      1,
      36,
      stored.qualityScore,
      '优',
      '按时更新',
    ]);
    expect(wb.getWorksheet('计分规则')).toBeDefined();
  });
});

describe('/stats: trends and charts', () => {
  it('compares each unit with the previous quarter and draws its trend', async () => {
    const w = await makeBranchWorld();
    await makeItem(w.branch.id, w.secretary.id, 'meetings', [{ status: 'PUBLISHED', at: '2007-02-01T00:00:00Z' }]);
    for (const at of ['2007-04-05', '2007-05-05', '2007-06-05'])
      await makeItem(w.branch.id, w.secretary.id, 'meetings', [{ status: 'PUBLISHED', at: `${at}T00:00:00Z` }]);
    const office = await loginAs(w.office.username);
    for (const q of [1, 2]) {
      await postForm(office, `/stats/2007/${q}/compute`, {});
      await rateAllBut(2007, q, []);
      expect((await postForm(office, `/stats/2007/${q}/publish`, {})).status).toBe(303);
    }
    const member = await loginAs(w.member.username);
    const page = await member.get('/stats/2007/2');
    expect(page.text).toContain('与2007年第一季度相比');
    const row = page.text.slice(page.text.indexOf(`/stats/units/${w.branch.code}`));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(
      /<td class="num">3<\/td>\s*<td class="num"><span class="change-up">\+2<\/span><\/td>/,
    );

    const trend = await member.get(`/stats/units/${w.branch.code}`);
    expect(trend.status).toBe(200);
    expect(trend.text).toContain('<svg class="chart line-chart"');
    expect(trend.text).toContain('2007Q1');
    expect(trend.text).toContain('2007Q2');
    expect(trend.text).toContain('信息更新：3');

    const index = await member.get('/stats');
    expect(index.text).toContain('<svg class="chart line-chart"');
  });
});

describe('/stats: a fixed number of SQL queries', () => {
  it('costs the same to compute and to show with 3 or 30 more units', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const u = await makeUnit({ parentId: w.committee.id });
        await makeItem(u.id, w.secretary.id, 'meetings', [
          { status: 'PUBLISHED', submittedAt: '2009-01-02T00:00:00Z', at: '2009-01-03T00:00:00Z' },
        ]);
        await makeItem(u.id, w.secretary.id, 'featured', [{ status: 'PUBLISHED', at: '2009-04-03T00:00:00Z' }]);
        await sendBackAt(u.id, w.secretary.id, '2009-02-01T00:00:00Z', { revision: { submittedAt: '2009-01-30T00:00:00Z' } });
      }
    };
    const cost = async (q: number) => {
      const computed = await postForm(office, `/stats/2009/${q}/compute`, {});
      expect(computed.status).toBe(303);
      return {
        compute: sqlQueries(computed),
        show: sqlQueries(await coldGet(office, `/stats/2009/${q}`)),
        index: sqlQueries(await coldGet(office, '/stats')),
        unit: sqlQueries(await coldGet(office, `/stats/units/${w.branch.code}`)),
      };
    };
    await grow(3);
    const small = await cost(1);
    await grow(30);
    const large = await cost(2);
    expect(small.compute).toBeGreaterThan(0);
    expect(large).toEqual(small);
  });
});
