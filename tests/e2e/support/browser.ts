import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Demo@2026';
export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../../test-results/e2e');
const VIEWPORT = { width: 1366, height: 768 };
/** A phone on the factory Wi-Fi (the size of a common one, touch, a device-width viewport). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
type Device = { viewport: { width: number; height: number }; isMobile?: boolean; hasTouch?: boolean };

/** Debian's Chromium with the flags that work in a container (no sandbox, no GPU, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What one journey drives: a browser session per person, numbered full-page screenshots under
 * test-results/e2e/<journey>/, and everything that went wrong in the pages (script errors, CSP refusals
 * reported on the console, server errors), which fails the journey at its end.
 */
export class Journey {
  readonly problems: string[] = [];
  readonly pages: Page[] = [];
  private readonly contexts: BrowserContext[] = [];
  private step = 0;

  constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly browser: Browser,
  ) {}

  get dir(): string {
    return path.join(RESULTS_DIR, this.name);
  }

  /** A fresh browser session (own cookies) that is not logged in. */
  async anonymous(device: Device = { viewport: VIEWPORT }): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      ...device,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(15_000);
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.problems.push(`${page.url()}: script error ${e.message}`));
    page.on('console', (m) => {
      // a refused form answers its own page with 400: by design, not a broken resource
      const refusedForm = /status of 4\d\d/.test(m.text()) && m.location().url === page.url();
      if (m.type() === 'error' && !refusedForm) this.problems.push(`${page.url()}: console error ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 500) this.problems.push(`${r.url()}: HTTP ${r.status()}`);
    });
    this.pages.push(page);
    return page;
  }

  /** A fresh session logged in through the login form as a demo account. */
  async login(username: string, device?: Device): Promise<Page> {
    const page = await this.anonymous(device);
    await page.goto('/login');
    await page.getByLabel('用户名（工号）').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.getByRole('button', { name: '登录' }).click()]);
    return page;
  }

  /** Saves a full-page screenshot as NN-<step>.png, numbered in the order the journey takes them. */
  async shot(page: Page, step: string): Promise<void> {
    this.step += 1;
    mkdirSync(this.dir, { recursive: true });
    await page.screenshot({ path: path.join(this.dir, `${String(this.step).padStart(2, '0')}-${step}.png`), fullPage: true });
  }

  /** On failure: what every open page looked like. */
  async shootFailure(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    for (const [i, page] of this.pages.entries()) {
      if (!page.isClosed()) await page.screenshot({ path: path.join(this.dir, `failure-${i + 1}.png`), fullPage: true }).catch(() => {});
    }
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
  }
}
