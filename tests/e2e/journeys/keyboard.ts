import type { Page } from 'playwright-core';
import type { Journey } from '../support/browser.js';
import { DEMO_PASSWORD } from '../support/browser.js';
import { see } from '../support/expect.js';

/** How an element is named in the Tab sequence: `tag#id`, or `tag "text"` when it has no id. In page context. */
const NAME = `(e) => e.id ? e.tagName.toLowerCase() + '#' + e.id : e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 12) + '"'`;

/** What has the keyboard focus ('' for nothing: the page body, or the browser's own controls). */
function focused(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => { const e = document.activeElement; return !e || e === document.body ? '' : (${NAME})(e); })()`);
}

/** Presses Tab `times` times and lists where the focus went (a date input's parts count once). */
async function tabStops(page: Page, times: number): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < times; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && now !== stops.at(-1)) stops.push(now);
  }
  return stops;
}

/** The visible controls of a form a keyboard user must reach, in document order. */
function controlsOf(page: Page, form: string): Promise<string[]> {
  const selector = `${form} :is(input:not([type=hidden]), select, textarea, button, a[href])`;
  return page.evaluate<string[]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((e) => e.offsetParent !== null).map(${NAME})`,
  );
}

function expectOrder(where: string, stops: string[], wanted: string[]): void {
  const positions = wanted.map((w) => stops.indexOf(w));
  const missing = wanted.filter((_, i) => positions[i] < 0);
  if (missing.length) throw new Error(`${where}: Tab never reached ${missing.join(', ')}; it went ${stops.join(' → ')}`);
  if (positions.some((p, i) => i > 0 && p !== positions[i - 1] + 1))
    throw new Error(
      `${where}: the form's controls are not reached one after the other in order (${wanted.join(', ')}); Tab went ${stops.join(' → ')}`,
    );
}

/** Keyboard only: the login form and a form page are reachable with Tab, in order, and the skip link works. */
export async function keyboard(j: Journey): Promise<void> {
  const page = await j.anonymous();
  await page.goto('/login');
  if ((await focused(page)) !== 'input#username')
    throw new Error(`the login page should start in the username field, focus is on ${await focused(page)}`);
  // back to the top of the page, then forward through every stop
  for (let i = 0; i < 6 && (await focused(page)) !== 'a "跳到正文"'; i++) await page.keyboard.press('Shift+Tab');
  if ((await focused(page)) !== 'a "跳到正文"') throw new Error('Shift+Tab from the username field should reach the skip link');
  if (!(await page.getByRole('link', { name: '跳到正文' }).isVisible())) throw new Error('the skip link should show when it has the focus');
  const box = await page.getByRole('link', { name: '跳到正文' }).boundingBox();
  if (!box || box.x < 0 || box.y < 0) throw new Error(`the focused skip link should be on screen, it is at ${JSON.stringify(box)}`);
  await j.shot(page, 'login-skip-link');
  const loginStops = await tabStops(page, 5);
  expectOrder('login', loginStops, ['input#username', 'input#password', 'button "登录"']);

  // log in with the keyboard alone
  for (let i = 0; i < 6 && (await focused(page)) !== 'input#username'; i++) await page.keyboard.press('Shift+Tab');
  if ((await focused(page)) !== 'input#username')
    throw new Error(`Shift+Tab should come back to the username field, focus is on ${await focused(page)}`);
  await page.keyboard.type('office');
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);

  // a form page: the skip link lands in the main content, then Tab walks the form in order
  await page.goto('/inspections/new?unit=b01');
  await page.keyboard.press('Tab');
  if ((await focused(page)) !== 'a "跳到正文"')
    throw new Error(`the first Tab should reach the skip link, focus is on ${await focused(page)}`);
  await j.shot(page, 'form-skip-link');
  await page.keyboard.press('Enter');
  // the fragment navigation lands asynchronously: wait for it rather than read the URL at once
  await page.waitForURL((u) => u.hash === '#main', { timeout: 5000 }).catch(() => {});
  if (!page.url().endsWith('#main') || (await focused(page)) !== 'main#main')
    throw new Error(`the skip link should move the focus to the main content, focus is on ${await focused(page)}`);
  const controls = await controlsOf(page, 'main form');
  const stops = await tabStops(page, controls.length + 8);
  if (stops[0] !== controls[0])
    throw new Error(`after the skip link, Tab should reach the form's first control ${controls[0]}, it reached ${stops[0]}`);
  expectOrder('/inspections/new', stops, controls);

  // and submit it from the keyboard
  await page.getByLabel('检查范围').focus();
  await page.keyboard.type('键盘操作检查');
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/inspections/') && !u.pathname.endsWith('/new')),
    page.keyboard.press('Enter'),
  ]);
  await see(page, '已开始网上检查', '.flash');
  await j.shot(page, 'form-submitted');
}
