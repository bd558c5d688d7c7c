/**
 * `npm run test:e2e` — browser tests. Starts the real portal on a fresh data directory (the demo organisation is
 * seeded), drives Debian's Chromium through the journeys people take and the accessibility checks, and saves
 * screenshots under test-results/e2e/<journey>/. Exits non-zero when anything failed.
 * `npm run test:e2e -- <name>…` runs only the journeys whose names contain one of the words;
 * `E2E_BASE_URL=http://localhost:3000` drives a portal that is already running (a freshly seeded demo) instead.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { accessibility } from './journeys/accessibility.js';
import { boardSheet } from './journeys/board-sheet.js';
import { contentReview } from './journeys/content-review.js';
import { inspectionPdca } from './journeys/inspection-pdca.js';
import { keyboard } from './journeys/keyboard.js';
import { memberBrowses } from './journeys/member-browses.js';
import { membersAffairs } from './journeys/members-affairs.js';
import { officeSheets } from './journeys/office-sheets.js';
import { phone } from './journeys/phone.js';
import { printing } from './journeys/printing.js';
import { Journey, launchChromium, RESULTS_DIR } from './support/browser.js';
import { startPortal, type RunningPortal } from './support/server.js';

export type JourneyFn = (j: Journey) => Promise<void>;

const JOURNEYS: Record<string, JourneyFn> = {
  'member-browses': memberBrowses,
  'content-review': contentReview,
  'inspection-pdca': inspectionPdca,
  accessibility,
  keyboard,
  printing,
  phone,
  'office-sheets': officeSheets,
  'board-sheet': boardSheet,
  'members-affairs': membersAffairs,
};

async function runOne(name: string, fn: JourneyFn, baseUrl: string, browser: Browser): Promise<string | null> {
  const j = new Journey(name, baseUrl, browser);
  const started = Date.now();
  let error: string | null = null;
  try {
    await fn(j);
    if (j.problems.length) error = `problems in the pages:\n  ${j.problems.join('\n  ')}`;
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    await j.shootFailure();
  } finally {
    await j.close();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(error ? `✗ ${name} (${secs}s)\n${indent(error)}` : `✓ ${name} (${secs}s)`);
  return error;
}

async function startFresh(): Promise<RunningPortal> {
  console.log('starting the portal on a fresh data directory (first start seeds the demo organisation)…');
  return startPortal();
}

function runningAt(baseUrl: string): RunningPortal {
  return { baseUrl: baseUrl.replace(/\/$/, ''), log: () => '', stop: async () => {} };
}

const indent = (s: string) => s.replace(/^/gm, '    ');

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const chosen = Object.entries(JOURNEYS).filter(([name]) => !only.length || only.some((w) => name.includes(w)));
  if (!chosen.length) throw new Error(`no journey matches ${only.join(' ')}; there are: ${Object.keys(JOURNEYS).join(', ')}`);
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  const portal = process.env.E2E_BASE_URL ? runningAt(process.env.E2E_BASE_URL) : await startFresh();
  let failed = 0;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    console.log(`portal at ${portal.baseUrl}, Chromium ${browser.version()}`);
    for (const [name, fn] of chosen) if (await runOne(name, fn, portal.baseUrl, browser)) failed += 1;
  } finally {
    await browser?.close();
    await portal.stop();
    writeFileSync(path.join(RESULTS_DIR, 'server.log'), portal.log());
  }
  console.log(`\n${chosen.length - failed} passed, ${failed} failed; screenshots in ${path.relative(process.cwd(), RESULTS_DIR)}/`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
