import type { Locator, Page } from 'playwright-core';

/** Waits until `text` shows inside `where` (the page's main content by default); fails with what is there instead. */
export async function see(page: Page, text: string | RegExp, where = 'main'): Promise<Locator> {
  const found = page.locator(where).getByText(text).first();
  try {
    await found.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    const shown = await page
      .locator(where)
      .first()
      .innerText()
      .catch(() => '(nothing)');
    throw new Error(`expected to see ${String(text)} on ${page.url()}; the page shows:\n${shown.slice(0, 2000)}`);
  }
  return found;
}

/** Fails if `text` shows inside `where`. */
export async function dontSee(page: Page, text: string | RegExp, where = 'main'): Promise<void> {
  if (await page.locator(where).getByText(text).first().isVisible())
    throw new Error(`did not expect to see ${String(text)} on ${page.url()}`);
}

/** The flash message after a post-redirect-get. */
export function seeFlash(page: Page, text: string | RegExp): Promise<Locator> {
  return see(page, text, '.flash');
}

/** Clicks and waits for the navigation the click starts (a link or a form's submit button). */
export async function follow(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), target.click()]);
}

/** The path the page is on (`/units/b01?x=1` → `/units/b01`). */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
