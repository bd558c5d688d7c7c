import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary files of versions before decision 0010 (an upload being received, a file being stored) carry the name of
 * the process that wrote them; the upgrade at start (upgrade.ts) removes those a dead process left, never what a live
 * process of an older version on a shared uploads folder is still writing.
 */
const HOST = os.hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';

/** `host~pid`: who writes a temporary file. */
export function processTag(pid = process.pid): string {
  return `${HOST}~${pid}`;
}

/** Where multer puts uploads in transit, under the uploads folder. */
export const TRANSIT_DIR = 'tmp';
const PARTIAL = /\.(?:([A-Za-z0-9_-]+)~(\d+)\.)?partial$/;
const TRANSIT = /^([A-Za-z0-9_-]+)~(\d+)~/;
/** Temporary files of a process on another machine (shared uploads folder) are removed only after a day. */
const FOREIGN_AGE_MS = 24 * 60 * 60 * 1000;

/** A new name for a file in transit, e.g. `host~1234~9f…`. */
export function transitName(tag = processTag()): string {
  return `${tag}~${randomBytes(16).toString('hex')}`;
}

/** The temporary name a stored file is written under before the rename that completes it. */
export function partialName(target: string, tag = processTag()): string {
  return `${target}.${tag}.partial`;
}

/** Whether a path relative to the uploads folder is a temporary file (never part of a backup). */
export function isTemporary(relPath: string): boolean {
  const parts = relPath.split(/[\\/]/);
  return parts[0] === TRANSIT_DIR || PARTIAL.test(relPath);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function abandoned(file: string, owner: RegExpExecArray | null): Promise<boolean> {
  const [host, pid] = owner ? [owner[1], Number(owner[2])] : [undefined, undefined];
  if (host === HOST && pid !== undefined) return !alive(pid);
  if (host === undefined) return true; // a name without an owner comes from an older version: nobody writes it now
  const s = await stat(file).catch(() => undefined);
  return !!s && Date.now() - s.mtimeMs > FOREIGN_AGE_MS;
}

/**
 * Removes the temporary files that crashed processes left in the uploads folder (run once at start). Stored
 * files are only ever complete (written aside, synced, renamed), so nothing else needs repair. Returns the count.
 */
export async function sweepLeftovers(uploadsDir: string): Promise<number> {
  let removed = 0;
  const visit = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        await visit(full, relPath);
        continue;
      }
      const owner = rel === TRANSIT_DIR ? TRANSIT.exec(e.name) : PARTIAL.test(e.name) ? PARTIAL.exec(e.name) : undefined;
      if (owner === undefined) continue;
      const ownerTag = owner && owner[1] !== undefined ? owner : null;
      if (await abandoned(full, ownerTag)) {
        await rm(full, { force: true });
        removed++;
      }
    }
  };
  await visit(uploadsDir, '');
  return removed;
}
