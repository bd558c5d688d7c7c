import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { sha256Of, storeBlob } from './blobs.js';
import { sweepLeftovers } from './leftovers.js';

export interface UpgradeReport {
  moved: number;
  /** Rows whose file is not in this node's folder (another node may hold it, or it was lost). */
  missing: number;
  /** Files whose bytes do not match their row's checksum: left on disk, never served. */
  damaged: number;
}

const BATCH = 50;

/** Where versions before decision 0010 kept an attachment's file. */
export function legacyPath(uploadsDir: string, key: string): string {
  return path.join(uploadsDir, key.slice(0, 2), key.slice(2, 4), key);
}

/**
 * Moves the files of an older version from DATA_DIR/uploads into the database (run at start). One file at a time:
 * read, checked against its row's checksum, stored with its row in one transaction, then removed from disk and its
 * key cleared. Stopped anywhere, the next start goes on where it stopped; several nodes may run it at once.
 */
export async function moveLegacyUploads(db: Db, uploadsDir: string, log: (m: string, data?: object) => void): Promise<UpgradeReport> {
  const report: UpgradeReport = { moved: 0, missing: 0, damaged: 0 };
  if (!existsSync(uploadsDir)) return report;
  const swept = await sweepLeftovers(uploadsDir);
  if (swept) log('removed temporary upload files of an older version', { swept });
  for (let after = 0; ;) {
    const rows = await db.attachment.findMany({
      where: { storageKey: { not: null }, id: { gt: after } },
      select: { id: true, storageKey: true, sha256: true, blobId: true },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    if (!rows.length) break;
    for (const row of rows) {
      after = row.id;
      const file = legacyPath(uploadsDir, row.storageKey!);
      if (row.blobId === null) {
        const bytes = await readFile(file).catch(() => undefined);
        if (!bytes) {
          report.missing++;
          continue;
        }
        if (sha256Of(bytes) !== row.sha256) {
          report.damaged++;
          log('an uploaded file of an older version does not match its checksum; left in place', { attachmentId: row.id, file });
          continue;
        }
        await db.$transaction(async (tx) => {
          const blobId = await storeBlob(tx, bytes, row.sha256);
          await tx.attachment.updateMany({ where: { id: row.id, blobId: null }, data: { blobId } });
        });
        report.moved++;
      }
      // Moved now or by an earlier start that stopped before this step: the database holds the bytes.
      await rm(file, { force: true });
      await db.attachment.updateMany({ where: { id: row.id, blobId: { not: null } }, data: { storageKey: null } });
    }
  }
  if (report.moved || report.missing || report.damaged) log('moved uploaded files of an older version into the database', report);
  return report;
}
