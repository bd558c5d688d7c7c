import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTemporary, partialName, processTag, sweepLeftovers, transitName } from '../../src/domain/files/leftovers.js';

describe('temporary upload files after a crash', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'djportal-leftovers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes what a dead process left, keeps what a live process (or another machine, for a day) is writing, never a stored file', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has exited
    const folder = path.join(dir, 'ab', 'cd');
    mkdirSync(folder, { recursive: true });
    mkdirSync(path.join(dir, 'tmp'));
    const stored = path.join(folder, 'abcd'.padEnd(32, '0'));
    const files = {
      stored,
      deadPartial: partialName(`${stored}1`, processTag(dead)),
      livePartial: partialName(`${stored}2`),
      deadTransit: path.join(dir, 'tmp', transitName(processTag(dead))),
      liveTransit: path.join(dir, 'tmp', transitName()),
      oldVersionTransit: path.join(dir, 'tmp', 'c3dd7d9ed1e36dc95b797b47994e79f7'),
      otherMachineNew: path.join(dir, 'tmp', transitName(`elsewhere~${dead}`)),
      otherMachineOld: path.join(dir, 'tmp', transitName(`elsewhere~${dead + 1}`)),
    };
    for (const f of Object.values(files)) writeFileSync(f, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(files.otherMachineOld, twoDaysAgo, twoDaysAgo);

    expect(await sweepLeftovers(dir)).toBe(4);
    const left = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, existsSync(f)]));
    expect(left).toEqual({
      stored: true,
      deadPartial: false,
      livePartial: true,
      deadTransit: false,
      liveTransit: true,
      oldVersionTransit: false,
      otherMachineNew: true,
      otherMachineOld: false,
    });
    expect([path.relative(dir, files.livePartial), path.relative(dir, files.liveTransit)].every(isTemporary)).toBe(true);
    expect(isTemporary(path.relative(dir, stored))).toBe(false);
  });
});
