import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { standOnReportingDay } from './clock.js';

function makeTarget(unitId: number, year: number, over: Partial<Prisma.TargetUncheckedCreateInput> = {}) {
  return testDb().target.create({
    data: {
      unitId,
      year,
      kind: 'CHALLENGE',
      title: '党员参学率',
      measure: '参学 ÷ 应参学',
      uom: '%',
      direction: 'HIGHER',
      targetValue: 90,
      stretchValue: 98,
      period: 'MONTHLY',
      valueKind: 'RATE',
      ...over,
    },
  });
}

describe('what a target’s values may be', () => {
  it('is declared on the target form (kind, range, early days), guessed from the unit for existing targets, and checked', async () => {
    const w = await makeBranchWorld();
    const secretary = await loginAs(w.secretary.username);
    const url = `/units/${w.branch.code}/board/targets`;
    const form = {
      year: String(new Date().getUTCFullYear()),
      kind: 'MUST',
      title: '学习时长',
      measure: '人均',
      uom: '小时',
      direction: 'HIGHER',
      targetValue: '8',
      period: 'MONTHLY',
    };
    const page = await secretary.get(`${url}/new`);
    expect(page.text).toContain('数值类型');
    expect(page.text).toContain('最大值');
    const wrong = await postForm(secretary, url, { ...form, valueKind: 'NUMBER', minValue: '10', maxValue: '5' }, `${url}/new`);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('最大值应大于最小值');
    expect(wrong.text).toContain('value="学习时长"');
    const early = await postForm(secretary, url, { ...form, earlyDays: '9' }, `${url}/new`);
    expect(early.text).toContain('提前天数应为 0–7 的整数');
    expect(
      (await postForm(secretary, url, { ...form, valueKind: 'NUMBER', minValue: '0', maxValue: '40', earlyDays: '3' }, `${url}/new`))
        .status,
    ).toBe(303);
    expect((await postForm(secretary, url, { ...form, title: '参学率', uom: '%' }, `${url}/new`)).status).toBe(303);
    const made = await testDb().target.findMany({ where: { unitId: w.branch.id }, orderBy: { id: 'asc' } });
    expect(made.map((t) => [t.valueKind, t.minValue, t.maxValue, t.earlyDays])).toEqual([
      ['NUMBER', 0, 40, 3],
      ['RATE', null, null, 0],
    ]);
    const edit = await secretary.get(`${url}/${made[0].id}/edit`);
    expect(edit.text).toContain('<option value="NUMBER" selected>');
    expect(edit.text).toContain('name="maxValue" inputmode="decimal" value="40"');
  });
});

describe('a reading the board refuses', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is an impossible value: a negative or fractional count, a rate above 100, a figure beyond the declared range', async () => {
    const { due } = standOnReportingDay();
    const w = await makeBranchWorld();
    const rate = await makeTarget(w.branch.id, due.year);
    const count = await makeTarget(w.branch.id, due.year, {
      title: '质量事故',
      uom: '件',
      valueKind: 'COUNT',
      kind: 'MUST',
      direction: 'LOWER',
      targetValue: 0,
      stretchValue: null,
    });
    const ranged = await makeTarget(w.branch.id, due.year, {
      title: '学习时长',
      uom: '小时',
      valueKind: 'NUMBER',
      minValue: 0,
      maxValue: 40,
      kind: 'MUST',
      targetValue: 8,
      stretchValue: null,
    });
    const info = await loginAs(w.infoOfficer.username);
    const cases: [number, string, string][] = [
      [rate.id, '150', '实际值应在 0–100% 之间'],
      [count.id, '-1', '实际值不能小于 0件'],
      [count.id, '1.5', '该目标按次数计，请填写整数'],
      [ranged.id, '41', '实际值应在 0–40小时 之间'],
    ];
    for (const [id, actual, message] of cases) {
      const url = `/units/${w.branch.code}/board/targets/${id}`;
      const r = await postForm(info, `${url}/measurements`, { period: String(due.month), actual, note: '本月情况' }, url);
      expect(r.status, actual).toBe(400);
      expect(r.text).toContain(message);
      expect(r.text).toContain(`value="${actual}"`);
      expect(r.text).toContain('value="本月情况"');
    }
    expect(await testDb().measurement.count({ where: { target: { unitId: w.branch.id } } })).toBe(0);
    const ok = `/units/${w.branch.code}/board/targets/${rate.id}`;
    expect((await postForm(info, `${ok}/measurements`, { period: String(due.month), actual: '100' }, ok)).status).toBe(303);
  });

  it('is for a period not yet ended, and the form offers the period due now', async () => {
    const { due, inProgress } = standOnReportingDay();
    const w = await makeBranchWorld();
    const t = await makeTarget(w.branch.id, inProgress.year);
    const url = `/units/${w.branch.code}/board/targets/${t.id}`;
    const info = await loginAs(w.infoOfficer.username);
    const r = await postForm(info, `${url}/measurements`, { period: String(inProgress.month), actual: '95' }, url);
    expect(r.status).toBe(400);
    expect(r.text).toContain('该统计期尚未结束，不能填报');
    expect(r.text).toContain('value="95"');
    expect(await testDb().measurement.count({ where: { targetId: t.id } })).toBe(0);
    // the form: the month due now selected, the month in progress not offered
    const dueTarget = due.year === inProgress.year ? t : await makeTarget(w.branch.id, due.year);
    const page = await info.get(`/units/${w.branch.code}/board/targets/${dueTarget.id}`);
    expect(page.text).toMatch(new RegExp(`<option value="${due.month}" selected>${due.month}月`));
    if (due.year === inProgress.year) expect(page.text).not.toContain(`<option value="${inProgress.month}"`);
  });

  it('may open in its last week when the target says so', async () => {
    const { inProgress } = standOnReportingDay();
    vi.setSystemTime(Date.UTC(inProgress.year, inProgress.month, 1) - 3 * 86_400_000); // three days before the month ends
    const w = await makeBranchWorld();
    const early = await makeTarget(w.branch.id, inProgress.year, { earlyDays: 7 });
    const plain = await makeTarget(w.branch.id, inProgress.year, { title: '党费收缴率' });
    const info = await loginAs(w.infoOfficer.username);
    const post = (id: number) => {
      const url = `/units/${w.branch.code}/board/targets/${id}`;
      return postForm(info, `${url}/measurements`, { period: String(inProgress.month), actual: '95' }, url);
    };
    expect((await post(early.id)).status).toBe(303);
    expect((await post(plain.id)).status).toBe(400);
  });
});
