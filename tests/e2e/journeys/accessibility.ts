import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Journey } from '../support/browser.js';

/** A page to check: whose view, and how to get there (a path, or the first link a list page offers). */
interface Check {
  name: string;
  who: string | null;
  path: string;
  /** Follow the first link matching this selector on `path` (a notice, a record, a PDCA item). */
  first?: string;
}

const CHECKS: Check[] = [
  { name: 'login', who: null, path: '/login' },
  { name: 'home', who: 'member01', path: '/' },
  { name: 'units', who: 'member01', path: '/units' },
  { name: 'unit-site', who: 'member01', path: '/units/b01' },
  { name: 'module-page', who: 'member01', path: '/units/b01/modules/study' },
  { name: 'records', who: 'member01', path: '/units/b01/modules/meetings' },
  { name: 'record-page', who: 'member01', path: '/units/b01/modules/meetings', first: 'main a[href*="/records/"]' },
  { name: 'branch-board', who: 'member01', path: '/units/b01/board' },
  { name: 'committee-board', who: 'member01', path: '/units/committee/board' },
  { name: 'notices', who: 'member01', path: '/notices' },
  { name: 'notice', who: 'member01', path: '/notices', first: 'main a[href^="/notices/"]:not([href*="?"])' },
  { name: 'voices-mine', who: 'member01', path: '/voices/mine' },
  { name: 'consultations', who: 'member01', path: '/consultations' },
  { name: 'assessment', who: 'member01', path: '/assessment' },
  { name: 'me', who: 'member01', path: '/me' },
  { name: 'me-todo', who: 'sec01', path: '/me/todo' },
  { name: 'page-editor', who: 'info01', path: '/units/b01/modules/study/edit' },
  { name: 'review', who: 'office', path: '/review' },
  { name: 'inspections', who: 'office', path: '/inspections' },
  { name: 'new-inspection', who: 'office', path: '/inspections/new?unit=b01' },
  { name: 'pdca-item', who: 'office', path: '/units/b01/pdca', first: 'main a[href^="/units/b01/pdca/"]' },
  { name: 'dues-rates', who: 'office', path: '/dues/rates' },
  { name: 'dues-sheet', who: 'sec01', path: '/units/b01/dues' },
  { name: 'my-dues', who: 'member01', path: '/me/dues' },
  { name: 'recruitment', who: 'org01', path: '/units/b01/recruitment' },
  { name: 'appraisal-round', who: 'member01', path: `/units/b01/appraisals/${new Date().getFullYear() - 1}` },
  { name: 'admin', who: 'admin', path: '/admin' },
  { name: 'admin-users', who: 'admin', path: '/admin/users' },
];

/** axe-core on every main page: no serious or critical violation. Each page is also photographed. */
export async function accessibility(j: Journey): Promise<void> {
  const sessions = new Map<string | null, Page>();
  const failures: string[] = [];
  for (const check of CHECKS) {
    let page = sessions.get(check.who);
    if (!page) {
      page = check.who ? await j.login(check.who) : await j.anonymous();
      sessions.set(check.who, page);
    }
    const response = await page.goto(check.path);
    if (check.first) {
      const href = await page.locator(check.first).first().getAttribute('href');
      if (!href) throw new Error(`${check.name}: no link ${check.first} on ${check.path}`);
      await page.goto(href);
    }
    if (!response?.ok()) failures.push(`${check.name} (${page.url()}): HTTP ${response?.status()}`);
    await j.shot(page, check.name);
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      const where = v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}` : ''}`);
      failures.push(
        `${check.name} (${new URL(page.url()).pathname}): ${v.impact} ${v.id} — ${v.help} (${v.nodes.length}×)\n      ${where.join('\n      ')}`,
      );
    }
  }
  if (failures.length) throw new Error(`accessibility violations:\n  ${failures.join('\n  ')}`);
}
