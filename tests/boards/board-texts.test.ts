import { describe, expect, it } from 'vitest';
import { loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

const year = new Date().getUTCFullYear();

describe('the board’s texts', () => {
  it('marks the office’s evaluation as made on the earlier draft once the self-diagnosis is rewritten, on the board and its print', async () => {
    const w = await makeBranchWorld();
    const secretary = await loginAs(w.secretary.username);
    const office = await loginAs(w.office.username);
    const boardUrl = `/units/${w.branch.code}/board`;
    await postForm(secretary, `${boardUrl}/diagnosis`, { month: '3', text: '三月党费收缴滞后' }, boardUrl);
    await postForm(office, `${boardUrl}/evaluation`, { month: '3', rating: 'NEEDS_WORK', text: '原因分析不够具体' }, boardUrl);
    expect((await office.get(boardUrl)).text).not.toContain('评价针对上一稿');

    // the form offers the current text to edit
    const form = await secretary.get(`${boardUrl}?diagnose=3`);
    expect(form.text).toMatch(/<textarea id="self-text" name="text"\s*>三月党费收缴滞后<\/textarea>/);
    expect(
      (await postForm(secretary, `${boardUrl}/diagnosis`, { month: '3', text: '三月党费收缴滞后：两名党员外派，已落实专人催缴' }, boardUrl))
        .status,
    ).toBe(303);
    const board = (await office.get(boardUrl)).text;
    expect(board).toContain('三月党费收缴滞后：两名党员外派，已落实专人催缴');
    expect(board).toContain('评价针对上一稿');
    expect(board).toContain('已改写，待重新评价');
    expect(board).toContain('原因分析不够具体');
    expect((await office.get(`${boardUrl}/print`)).text).toContain('党委办公室评价（评价针对上一稿）');

    // evaluating again clears the mark
    await postForm(office, `${boardUrl}/evaluation`, { month: '3', rating: 'GOOD', text: '措施具体' }, boardUrl);
    expect((await office.get(boardUrl)).text).not.toContain('评价针对上一稿');
    expect((await office.get(`${boardUrl}/print`)).text).not.toContain('评价针对上一稿');
  });

  it('names the PDCA stage in Chinese on the board and its print, with a long title cut at a word and whole in a tooltip', async () => {
    const w = await makeBranchWorld();
    const t = await testDb().target.create({
      data: {
        unitId: w.branch.id,
        year,
        kind: 'MUST',
        title: '党费收缴率',
        measure: '—',
        uom: '%',
        direction: 'HIGHER',
        targetValue: 100,
        period: 'MONTHLY',
      },
    });
    const problem = '必达目标「党费按月足额收缴率」2026年11月未达成：实际 80%，目标 ≥ 100%，两名外派党员未按时交纳';
    await testDb().countermeasure.create({
      data: {
        unitId: w.branch.id,
        source: 'TARGET',
        targetId: t.id,
        problem,
        stage: 'PLAN',
        dueDate: new Date(Date.now() + 30 * 86_400_000),
        createdById: w.secretary.id,
      },
    });
    const staff = await loginAs(w.staff.username);
    for (const url of [`/units/${w.branch.code}/board`, `/units/${w.branch.code}/board/print`]) {
      const page = (await staff.get(url)).text;
      expect(page).toContain('计划');
      expect(page).not.toMatch(/>\s*PLAN\s*</);
      expect(page).toContain(`title="${problem}"`);
      const shown = /title="[^"]*">([^<]*…)<\/a>/.exec(page)?.[1];
      expect(shown).toBeDefined();
      expect(shown!.length).toBeLessThanOrEqual(40);
      expect(problem.startsWith(shown!.slice(0, -1))).toBe(true);
      expect(shown).not.toMatch(/足额收缴…|按月…|2026年1…/); // not mid-word
    }
  });
});
