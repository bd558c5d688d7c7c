import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

describe('embedded PostgreSQL start-up', () => {
  it('says in one line which port is taken and what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-busy-')), 'pg');
    try {
      await expect(startEmbeddedPostgres({ dir, port })).rejects.toThrow(`端口 ${port} 已被占用：设置 EMBEDDED_PG_PORT 或停止占用它的程序`);
    } finally {
      blocker.close();
    }
  });
});
