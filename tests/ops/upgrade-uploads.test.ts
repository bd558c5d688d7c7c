import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { legacyPath, moveLegacyUploads } from '../../src/domain/files/upgrade.js';
import { PDF } from '../files/fixtures.js';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const dir = mkdtempSync(path.join(os.tmpdir(), 'djportal-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An attachment as a version before decision 0010 left it: a row with a key, the bytes in the uploads folder. */
async function legacyFile(uploadsDir: string, uploadedById: number, bytes: Buffer, opts: { onDisk?: Buffer | null } = {}) {
  const key = randomBytes(16).toString('hex');
  const row = await testDb().attachment.create({
    data: {
      storageKey: key,
      originalName: `旧版-${key.slice(0, 6)}.pdf`,
      mimeType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      uploadedById,
    },
  });
  const file = legacyPath(uploadsDir, key);
  const disk = opts.onDisk === undefined ? bytes : opts.onDisk;
  if (disk) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, disk);
  }
  return { row, file };
}

describe('files of an older version, at start', () => {
  it('are moved into the database, checked by checksum, removed from disk, logged; a second start finds nothing to do', async () => {
    const uploads = path.join(dir, 'a', 'uploads');
    const w = await makeBranchWorld();
    const good = Buffer.concat([PDF, randomBytes(300 * 1024)]);
    const moved = await legacyFile(uploads, w.secretary.id, good);
    const damaged = await legacyFile(uploads, w.secretary.id, Buffer.concat([PDF, randomBytes(100)]), {
      onDisk: Buffer.from('%PDF-1.4 truncated'),
    });
    const missing = await legacyFile(uploads, w.secretary.id, Buffer.concat([PDF, randomBytes(100)]), { onDisk: null });
    // a file in transit that an older version's crashed process left
    mkdirSync(path.join(uploads, 'tmp'), { recursive: true });
    writeFileSync(path.join(uploads, 'tmp', 'c3dd7d9ed1e36dc95b797b47994e79f7'), 'x');

    const logged: string[] = [];
    const report = await moveLegacyUploads(testDb(), uploads, (m, data) => logged.push(`${m} ${JSON.stringify(data ?? {})}`));
    expect(report).toEqual({ moved: 1, missing: 1, damaged: 1 });
    expect(logged.join('\n')).toContain('moved uploaded files of an older version into the database');
    expect(logged.join('\n')).toContain(`"attachmentId":${damaged.row.id}`);

    const after = await testDb().attachment.findUniqueOrThrow({ where: { id: moved.row.id } });
    expect([after.storageKey, existsSync(moved.file), existsSync(path.join(uploads, 'tmp', 'c3dd7d9ed1e36dc95b797b47994e79f7'))]).toEqual([
      null,
      false,
      false,
    ]);
    // the damaged one stays where it was, and is not served as if whole
    expect(existsSync(damaged.file)).toBe(true);
    expect((await testDb().attachment.findUniqueOrThrow({ where: { id: damaged.row.id } })).blobId).toBeNull();

    // the uploader downloads the moved file, from the database
    const sec = await loginAs(w.secretary.username);
    const got = await sec
      .get(`/attachments/${moved.row.id}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(got.status).toBe(200);
    expect((got.body as Buffer).equals(good)).toBe(true);
    expect((await sec.get(`/attachments/${missing.row.id}`)).status).toBe(404);

    expect(await moveLegacyUploads(testDb(), uploads, () => {})).toEqual({ moved: 0, missing: 1, damaged: 1 });
  });

  it('goes on where a start stopped: a file stored but not yet removed is removed, one not yet stored is stored', async () => {
    const uploads = path.join(dir, 'b', 'uploads');
    const w = await makeBranchWorld();
    const first = Buffer.concat([PDF, randomBytes(1000)]);
    const second = Buffer.concat([PDF, randomBytes(1000)]);
    const a = await legacyFile(uploads, w.secretary.id, first);
    const b = await legacyFile(uploads, w.secretary.id, second);
    // the earlier start stored the first file and stopped before removing it from disk
    const blob = await testDb().fileBlob.create({
      data: { sha256: sha256(first), size: first.length, chunks: { create: [{ n: 0, data: first }] } },
    });
    await testDb().attachment.update({ where: { id: a.row.id }, data: { blobId: blob.id } });

    // (the other test's rows have no file in this folder: counted as missing here)
    expect((await moveLegacyUploads(testDb(), uploads, () => {})).moved).toBe(1);
    expect([existsSync(a.file), existsSync(b.file)]).toEqual([false, false]);
    const rows = await testDb().attachment.findMany({ where: { id: { in: [a.row.id, b.row.id] } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.storageKey, r.blobId !== null])).toEqual([
      [null, true],
      [null, true],
    ]);
    expect(rows[0].blobId).toBe(blob.id);
  });
});
