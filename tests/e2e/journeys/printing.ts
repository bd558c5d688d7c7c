import type { Page } from 'playwright-core';
import type { Journey } from '../support/browser.js';
import { follow, see } from '../support/expect.js';

/** Points (1/72 inch) of the papers the print views choose, width × height. */
const PAPER = {
  'A3 横向': [1191, 842],
  'A4 纵向': [595, 842],
  'A4 横向': [842, 595],
} as const;
type Paper = keyof typeof PAPER;

/** What Chromium's PDF says about itself: the first page's size and the number of pages. */
function pdfFacts(pdf: Buffer): { width: number; height: number; pages: number } {
  const text = pdf.toString('latin1');
  const box = /\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
  const count = /\/Type \/Pages[^>]*?\/Count (\d+)/.exec(text);
  if (!box || !count) throw new Error('the PDF has no page tree');
  return { width: Math.round(Number(box[1])), height: Math.round(Number(box[2])), pages: Number(count[1]) };
}

/** Prints the page as the browser's 打印 would (the page's own @page size) and checks paper and page count. */
async function printsOn(j: Journey, page: Page, paper: Paper, maxPages: number, name: string): Promise<void> {
  const facts = pdfFacts(await page.pdf({ preferCSSPageSize: true, printBackground: true, path: `${j.dir}/${name}.pdf` }));
  const [width, height] = PAPER[paper];
  if (Math.abs(facts.width - width) > 2 || Math.abs(facts.height - height) > 2)
    throw new Error(`${page.url()} should print on ${paper} (${width}×${height} pt), printed on ${facts.width}×${facts.height}`);
  if (facts.pages > maxPages) throw new Error(`${page.url()} should print on at most ${maxPages} page(s), printed ${facts.pages}`);
  await page.emulateMedia({ media: 'print' });
  for (const nav of ['.site-header', '.site-footer', '.no-print'])
    if (await page.locator(nav).first().isVisible()) throw new Error(`${page.url()} prints its ${nav}`);
  await j.shot(page, name);
  await page.emulateMedia({ media: null });
}

/** The first link in the page's main content whose path matches. */
async function firstLink(page: Page, path: RegExp) {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const href = hrefs.find((h) => path.test(h));
  if (!href) throw new Error(`no link matching ${path} on ${page.url()}`);
  return page.locator(`main a[href="${href}"]`).first();
}

/** The office prints what it takes to the branches: each view on its own paper, without the portal's navigation. */
export async function printing(j: Journey): Promise<void> {
  const office = await j.login('office');
  await j.shot(office, 'home');

  await office.goto('/units/b01/board/print');
  await see(office, '机关党支部 2026年方针管理板');
  await printsOn(j, office, 'A3 横向', 1, 'board-print');
  await office.goto('/units/b01/board');
  await printsOn(j, office, 'A3 横向', 1, 'board');

  await office.goto('/units/b01/visit-sheet');
  await printsOn(j, office, 'A4 纵向', 2, 'visit-sheet');
  await office.goto('/review?view=print');
  await printsOn(j, office, 'A4 横向', 4, 'review');

  await office.goto('/notices');
  await follow(office, await firstLink(office, /^\/notices\/\d+$/));
  await printsOn(j, office, 'A4 纵向', 2, 'notice');

  await office.goto('/units/b01/modules/meetings');
  await follow(office, await firstLink(office, /\/modules\/meetings\/records\/\d+$/));
  await printsOn(j, office, 'A4 纵向', 2, 'record');

  await office.goto('/stats/2026/3');
  await see(office, '2026');
  await printsOn(j, office, 'A4 纵向', 2, 'stats');
}
