import { describe, expect, it } from 'vitest';
import { MAX_ID, toId } from '../../src/lib/ids.js';
import { anonymous, csrfOf, loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

// What the hostile-input test found answering 500 (the database refusing the value), each pinned down here.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('values the database cannot take are refused at the edge', () => {
  it('refuses a NUL character in a form or a query with a Chinese 400, before any query', async () => {
    const w = await makeBranchWorld();
    const visitor = anonymous();
    const token = await csrfOf(visitor);
    const login = await visitor
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: `${w.staff.username}\u0000`, password: 'x' });
    expect(login.status).toBe(400);
    expect(login.text).toContain('提交的内容包含无效的空字符');
    expect(login.text).not.toMatch(/\n\s+at\s/);

    const sec = await loginAs(w.secretary.username);
    const voice = await postForm(sec, '/voices', { unit: w.branch.code, category: 'SUGGESTION', title: '标题\u0000', body: '内容' });
    expect(voice.status).toBe(400);
    expect(await testDb().voice.count({ where: { unitId: w.branch.id } })).toBe(0);
    const office = await loginAs(w.office.username);
    expect((await office.get('/admin/audit?actor=a%00b')).status).toBe(400);
    expect((await office.get('/review?location=a%00b')).status).toBe(400);
  });

  it('answers an id beyond the database’s integers as not found in a path, and as invalid in a form or query', async () => {
    const w = await makeBranchWorld();
    const admin = await loginAs(w.admin.username);
    for (const url of [
      '/admin/users/3000000000',
      '/admin/units/3000000000',
      `/units/${w.branch.code}/pdca/3000000000`,
      `/units/${w.branch.code}/board/targets/3000000000`,
      '/voices/3000000000',
      '/notices/3000000000',
      '/attachments/3000000000',
      '/consultations/3000000000',
      `/units/${w.branch.code}/modules/news/records/3000000000`,
    ]) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(404);
      expect(res.text).toContain('不存在');
    }
    expect((await admin.get('/admin/users?unit=3000000000')).status).toBe(200);
    const created = await postForm(admin, '/admin/users', {
      username: 'edge-id-1',
      displayName: '边界',
      partyStatus: 'MASSES',
      homeUnitId: '3000000000',
    });
    expect(created.status).toBe(400);
    expect(created.text).toContain('value="边界"');
    const grant = await postForm(admin, `/admin/users/${w.staff.id}/roles`, { role: 'MEMBER', unitId: '2147483648' });
    expect(grant.status).toBe(400);

    const sec = await loginAs(w.secretary.username);
    const target = await postForm(sec, `/units/${w.branch.code}/board/targets`, {
      year: '3000000000',
      kind: 'MUST',
      title: '目标',
      measure: '指标',
      uom: '%',
      direction: 'HIGHER',
      targetValue: '1',
      period: 'MONTHLY',
    });
    expect(target.status).toBe(400);
    expect(target.text).toContain('年度无效');
    const step = await postForm(sec, `/units/${w.branch.code}/recruitment`, {
      personId: '3000000000',
      kind: 'APPLICATION',
      on: day(0),
    });
    expect(step.status).toBe(400);
    expect(step.text).toContain('请选择人员');
    const page = await postForm(sec, `/units/${w.branch.code}/modules/overview/edit`, {
      title: '概况',
      body: '<p>正文</p>',
      baseNumber: '3000000000',
      intent: 'draft',
    });
    expect(page.status).toBe(303);
  });

  it('refuses impossible days (2026-02-30) and the year 0 in forms, and ignores them in queries', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const opened = await postForm(sec, '/consultations', {
      unit: w.branch.code,
      title: '意见',
      description: '说明',
      audience: 'ALL',
      startDate: '2026-02-30',
      endDate: '0000-01-01',
    });
    expect(opened.status).toBe(400);
    expect(opened.text).toContain('开始日期不是有效日期');
    expect(opened.text).toContain('截止日期不是有效日期');
    const notice = await postForm(sec, '/notices', {
      unit: w.branch.code,
      title: '通知',
      issuer: '支部',
      body: '正文',
      audience: 'UNITS',
      units: String(w.branch.id),
      ackRequired: 'on',
      ackDeadline: '2026-02-30',
      intent: 'draft',
    });
    expect(notice.status).toBe(400);
    expect(notice.text).toContain('确认期限不是有效日期');
    expect(await testDb().notice.count({ where: { unitId: w.branch.id } })).toBe(0);

    const office = await loginAs(w.office.username);
    for (const url of [
      '/admin/audit?from=0000-01-01&to=2026-02-30',
      '/review?since=0000-01-01',
      '/voices/stats?from=0000-01-01',
      '/inspections?from=0000-01-01&to=0000-01-01',
    ]) {
      expect((await office.get(url)).status, url).toBe(200);
    }
  });

  it('saves the first scores of a quarter sent twice at once (the round is made once, the cells in turn)', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const year = 2096;
    expect((await postForm(office, `/assessment/${year}/scheme`, { note: '' })).status).toBe(303);
    expect(
      (await postForm(office, `/assessment/${year}/criteria`, { title: '基础工作', method: 'MANUAL', weight: '10', maxScore: '10' }))
        .status,
    ).toBe(303);
    const c = await testDb().assessmentCriterion.findFirstOrThrow({ where: { scheme: { year } } });
    const token = await csrfOf(office, '/me');
    const send = (score: string) =>
      office
        .post(`/assessment/${year}/q/1/scores`)
        .type('form')
        .send({ _csrf: token, [`score_${w.branch.id}_${c.id}`]: score });
    const answers = await Promise.all([
      send('6'),
      office.post(`/assessment/${year}/q/1/compute`).type('form').send({ _csrf: token }),
      send('7'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(await testDb().assessmentRound.count({ where: { scheme: { year } } })).toBe(1);
    expect(await testDb().assessmentScore.count({ where: { criterionId: c.id, unitId: w.branch.id } })).toBe(1);
  });
});

describe('toId', () => {
  it('takes the digits of a row id the database can hold, and nothing else', () => {
    expect(toId('1')).toBe(1);
    expect(toId(String(MAX_ID))).toBe(MAX_ID);
    expect(toId(12)).toBe(12);
    for (const v of [
      String(MAX_ID + 1),
      '3000000000',
      '0',
      '-1',
      '01',
      '1.5',
      '1e3',
      '0x10',
      ' 7',
      '',
      'abc',
      ['1'],
      null,
      undefined,
      2 ** 53,
    ])
      expect(toId(v), String(v)).toBeNull();
  });
});
