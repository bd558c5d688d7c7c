import { afterEach, describe, expect, it, vi } from 'vitest';
import { anonymous, loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { standOnReportingDay } from './clock.js';

describe('the month sheet', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('puts every target due that month on one form, saves them at once, and keeps every value when one is refused', async () => {
    const { due } = standOnReportingDay();
    const w = await makeBranchWorld();
    const base = {
      unitId: w.branch.id,
      year: due.year,
      kind: 'MUST' as const,
      measure: '—',
      direction: 'HIGHER' as const,
      period: 'MONTHLY' as const,
    };
    const rate = await testDb().target.create({ data: { ...base, title: '党员参学率', uom: '%', targetValue: 95, valueKind: 'RATE' } });
    const count = await testDb().target.create({ data: { ...base, title: '谈心谈话次数', uom: '次', targetValue: 4, valueKind: 'COUNT' } });
    if (due.month > 1)
      await testDb().measurement.create({ data: { targetId: rate.id, period: due.month - 1, actual: 97.5, reportedById: w.secretary.id } });
    const period = `${due.year}-${String(due.month).padStart(2, '0')}`;
    const url = `/units/${w.branch.code}/board/report?period=${period}`;

    expect((await anonymous().get(url)).status).toBe(303);
    const member = await loginAs(w.member.username);
    expect((await member.get(url)).status).toBe(403);
    expect((await (await loginAs(w.otherSecretary.username)).get(url)).status).toBe(403);

    const secretary = await loginAs(w.secretary.username);
    expect((await secretary.get(`/units/${w.branch.code}/board`)).text).toContain(`/units/${w.branch.code}/board/report`);
    const sheet = await secretary.get(url);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('党员参学率');
    expect(sheet.text).toContain('谈心谈话次数');
    expect(sheet.text).toContain('≥95%');
    if (due.month > 1) expect(sheet.text).toContain('97.5');
    // without the form's token: refused
    expect(
      (
        await secretary
          .post(url)
          .type('form')
          .send({ [`actual_${rate.id}`]: '96' })
      ).status,
    ).toBe(403);

    const refused = await postForm(
      secretary,
      url,
      { [`actual_${rate.id}`]: '150', [`actual_${count.id}`]: '5', [`note_${count.id}`]: '逐一谈话' },
      url,
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('实际值应在 0–100% 之间');
    expect(refused.text).toContain(`id="actual_${rate.id}-error"`);
    expect(refused.text).toContain('value="150"');
    expect(refused.text).toContain('value="5"');
    expect(refused.text).toContain('value="逐一谈话"');
    expect(await testDb().measurement.count({ where: { period: due.month, targetId: { in: [rate.id, count.id] } } })).toBe(0);

    const saved = await postForm(
      secretary,
      url,
      { [`actual_${rate.id}`]: '96', [`actual_${count.id}`]: '5', [`note_${count.id}`]: '逐一谈话' },
      url,
    );
    expect(saved.status).toBe(303);
    const rows = await testDb().measurement.findMany({
      where: { period: due.month, targetId: { in: [rate.id, count.id] } },
      orderBy: { targetId: 'asc' },
    });
    expect(rows.map((r) => [r.actual, r.note])).toEqual([
      [96, ''],
      [5, '逐一谈话'],
    ]);
    expect((await secretary.get(`/units/${w.branch.code}/board`)).text).toContain(`已填报${due.year}年${due.month}月 2 项目标的数据`);
    expect((await postForm(member, url, { [`actual_${rate.id}`]: '90' }, `/units/${w.branch.code}/board`)).status).toBe(403);
  });

  it('refuses the month in progress and an empty sheet with a message', async () => {
    const { inProgress } = standOnReportingDay();
    const w = await makeBranchWorld();
    const t = await testDb().target.create({
      data: {
        unitId: w.branch.id,
        year: inProgress.year,
        kind: 'MUST',
        title: '党费收缴率',
        measure: '—',
        uom: '%',
        direction: 'HIGHER',
        targetValue: 100,
        period: 'MONTHLY',
      },
    });
    const secretary = await loginAs(w.secretary.username);
    const url = `/units/${w.branch.code}/board/report?period=${inProgress.year}-${String(inProgress.month).padStart(2, '0')}`;
    const page = await secretary.get(url);
    expect(page.text).toContain('统计期尚未结束，不能填报');
    expect(page.text).not.toContain(`name="actual_${t.id}"`);
    const forced = await postForm(secretary, url, { [`actual_${t.id}`]: '100' }, `/units/${w.branch.code}/board`);
    expect(forced.status).toBe(400);
    expect(forced.text).toContain('该统计期尚未结束，不能填报');
    expect(await testDb().measurement.count({ where: { targetId: t.id } })).toBe(0);
    const empty = await postForm(secretary, url, {}, `/units/${w.branch.code}/board`);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请至少填写一项目标的实际值');
  });
});
