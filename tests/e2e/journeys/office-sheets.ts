import type { Journey } from '../support/browser.js';
import { see } from '../support/expect.js';

/** At 1366 px the office scores a quarter with the branch, 总分 and 排名 in view while the criteria scroll between them. */
export async function officeSheets(j: Journey): Promise<void> {
  const office = await j.login('office');
  await office.goto('/assessment');
  const quarter = (await office.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) =>
    /^\/assessment\/\d+\/q\/\d$/.test(h),
  );
  if (!quarter) throw new Error('no quarter to score on /assessment');
  await office.goto(quarter);
  await see(office, '总分');
  const width = office.viewportSize()!.width;
  const inView = async (name: string) => {
    const box = (await office.getByRole('columnheader', { name, exact: true }).boundingBox())!;
    if (box.x < 0 || box.x + box.width > width) throw new Error(`${name} is off-screen at ${width} px (x ${box.x}, width ${box.width})`);
  };
  await inView('总分');
  await inView('排名');
  await inView('支部');
  await office.locator('.sheet-table').evaluate((t) => t.parentElement!.scrollBy(2000, 0));
  await inView('支部');
  await inView('总分');
  await j.shot(office, 'assessment-sheet');
}
