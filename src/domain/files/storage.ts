import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { partialName } from './leftovers.js';

/**
 * Where uploaded files live. The local folder is the default; object storage (S3, MinIO, OSS) can implement the
 * same four calls (put = an upload that is visible only once complete, open = a GET as a stream), and several app
 * nodes then need no shared folder. Files are never changed in place: a new upload gets a new key.
 */
export interface FileStorage {
  /** Stores the file at `tempPath` under a new random key; the file is complete under that key or not there at all. */
  put(tempPath: string): Promise<{ key: string; sha256: string; size: number }>;
  /** The file's bytes; the stream errors when the key holds no file. */
  open(key: string): Readable;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
}

/**
 * Files under DATA_DIR/uploads/ab/cd/<random>, written to `.partial` (named after the writing process, see
 * leftovers.ts), synced, then renamed (atomic) and the folder synced: after a crash a key holds the whole file
 * or nothing.
 */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!/^[a-f0-9]{32}$/.test(key)) throw new Error('invalid storage key');
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(tempPath: string) {
    const key = randomBytes(16).toString('hex');
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = partialName(target);
    await copyFile(tempPath, partial);
    const fh = await open(partial, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const sha256 = await hashFile(partial);
    await rename(partial, target);
    await syncDir(path.dirname(target));
    return { key, sha256, size: (await stat(target)).size };
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** Makes a rename in `dir` durable (a no-op where folders cannot be opened for sync). */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.sync().catch(() => {});
  } finally {
    await fh.close();
  }
}

export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

let storage: FileStorage | undefined;

/** The process's storage, configured once at start (createApp) from DATA_DIR/uploads. */
export function configureStorage(s: FileStorage): void {
  storage = s;
}

export function fileStorage(): FileStorage {
  if (!storage) throw new Error('file storage not configured');
  return storage;
}
