import type { Page } from 'playwright-core';
import { PHONE, type Journey } from '../support/browser.js';
import { follow, pathOf, see } from '../support/expect.js';

/** The page does not scroll sideways as a whole, and the header is a compact bar. */
async function fitsThePhone(j: Journey, page: Page, name: string): Promise<void> {
  const scrollWidth = await page.locator('html').evaluate((html) => html.scrollWidth);
  const header = (await page.locator('.site-header').boundingBox())!.height;
  if (scrollWidth > PHONE.viewport.width) throw new Error(`${page.url()} scrolls sideways on a phone: ${scrollWidth} px wide`);
  if (header > 60) throw new Error(`${page.url()}: the header takes ${header} px of the phone's screen`);
  await j.shot(page, name);
}

/** A member reads the portal on a phone: home, a unit's site and board, a module page, a notice, the voice form. */
export async function phone(j: Journey): Promise<void> {
  const member = await j.login('member01', PHONE);
  await see(member, '党委方针管理板');
  await fitsThePhone(j, member, 'home');
  const title = member.locator('.home-board tbody th').first();
  const width = (await title.boundingBox())!.width;
  if (width < 100) throw new Error(`the home page's committee board squeezes a target's name into ${width} px`);

  // The navigation folds behind 菜单 and opens from it (no script needed: the link targets the menu).
  const nav = member.getByRole('navigation', { name: '主导航' });
  if (await nav.isVisible()) throw new Error('the main navigation should be folded behind 菜单 on a phone');
  await member.getByRole('link', { name: '菜单' }).click();
  await nav.waitFor({ state: 'visible' });
  await j.shot(member, 'menu');
  await follow(member, nav.getByRole('link', { name: '单位网站' }));
  if (pathOf(member) !== '/units') throw new Error(`the menu's 单位网站 led to ${member.url()}`);

  await member.goto('/units/b01');
  await see(member, '管理基础');
  await fitsThePhone(j, member, 'unit-site');

  await member.goto('/units/b01/board');
  await see(member, '机关党支部 · 方针管理板');
  await fitsThePhone(j, member, 'board');
  // The months scroll; the target's column stays where it was.
  const target = member.locator('.bowling tbody th.b-target').first();
  const before = (await target.boundingBox())!.x;
  await member.locator('.bowling').evaluate((t) => t.parentElement!.scrollBy(300, 0));
  const after = (await target.boundingBox())!.x;
  if (Math.abs(after - before) > 1) throw new Error(`the board's target column scrolled away (${before} → ${after} px)`);
  await j.shot(member, 'board-scrolled');

  await member.goto('/units/b01/modules/study');
  await see(member, '本月学习安排');
  await fitsThePhone(j, member, 'module-page');

  await member.goto('/notices');
  const href = (await member.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) =>
    /^\/notices\/\d+$/.test(h),
  );
  if (!href) throw new Error('no notice to read on /notices');
  await member.goto(href);
  await fitsThePhone(j, member, 'notice');

  await member.goto('/voices/new');
  await see(member, '心声');
  await fitsThePhone(j, member, 'voice-form');
}
