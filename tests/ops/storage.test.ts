import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { configureStorage, LocalFileStorage, type FileStorage } from '../../src/domain/files/storage.js';
import { PDF, UPLOADS_DIR } from '../files/fixtures.js';
import { loginAs, testApp } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMultipart } from '../helpers/multipart.js';

/** Object storage as the app sees it: keys in, bytes out (here a map; S3 or MinIO in a deployment). */
class MemoryStorage implements FileStorage {
  objects = new Map<string, Buffer>();
  async put(tempPath: string) {
    const bytes = await readFile(tempPath);
    const key = randomBytes(16).toString('hex');
    this.objects.set(key, bytes);
    return { key, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  }
  open(key: string): Readable {
    const bytes = this.objects.get(key);
    return bytes
      ? Readable.from([bytes])
      : new Readable({
          read() {
            this.destroy(new Error('no such object'));
          },
        });
  }
  async exists(key: string) {
    return this.objects.has(key);
  }
  async remove(key: string) {
    this.objects.delete(key);
  }
}

describe('the file storage interface', () => {
  afterAll(() => configureStorage(new LocalFileStorage(UPLOADS_DIR)));

  it('carries every upload and download, so another storage (object storage) replaces the local folder', async () => {
    testApp();
    const storage = new MemoryStorage();
    configureStorage(storage);
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const res = await postMultipart(
      sec,
      `/units/${w.branch.code}/modules/study/edit`,
      { title: '学习园地', body: '<p>对象存储。</p>', baseNumber: 0, intent: 'publish' },
      [{ name: '资料.pdf', data: PDF }],
    );
    expect(res.status).toBe(303);
    const row = await testDb().attachment.findFirstOrThrow({ where: { unitId: w.branch.id } });
    expect(storage.objects.get(row.storageKey)?.equals(PDF)).toBe(true);
    expect(existsSync(path.join(UPLOADS_DIR, row.storageKey.slice(0, 2), row.storageKey.slice(2, 4), row.storageKey))).toBe(false);
    const download = await sec
      .get(`/attachments/${row.id}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect((download.body as Buffer).equals(PDF)).toBe(true);
  });
});
