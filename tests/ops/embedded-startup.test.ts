import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { StartupError } from '../../src/lib/startup-error.js';

/** A port something else listens on, until `close`. */
async function busyPort() {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  return { port: (blocker.address() as net.AddressInfo).port, close: () => blocker.close() };
}

const freshDir = (prefix: string) => path.join(mkdtempSync(path.join(os.tmpdir(), prefix)), 'pg');

describe('embedded PostgreSQL start-up', () => {
  it('says in one line which port is taken and what to do, when EMBEDDED_PG_PORT asked for it', async () => {
    const busy = await busyPort();
    try {
      const start = startEmbeddedPostgres({ dir: freshDir('pg-busy-'), port: busy.port, portFixed: true });
      await expect(start).rejects.toThrow(`端口 ${busy.port} 已被占用：设置 EMBEDDED_PG_PORT 或停止占用它的程序`);
      await expect(start).rejects.toBeInstanceOf(StartupError);
    } finally {
      busy.close();
    }
  });

  it('takes another free port when the default one is busy and none was asked for, and says so; a stale lock is named', async () => {
    const busy = await busyPort();
    const dir = freshDir('pg-pick-');
    const notices: string[] = [];
    const db = await startEmbeddedPostgres({ dir, port: busy.port, onNotice: (m) => notices.push(m) });
    try {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(new RegExp(`^端口 ${busy.port} 已被占用，嵌入式数据库改用端口 \\d+（设置 EMBEDDED_PG_PORT 可固定端口）$`));
      const used = Number(new URL(db.url).port);
      expect(used).not.toBe(busy.port);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await client.end();
    } finally {
      await db.stop();
      busy.close();
    }
    // a lock file left behind, naming a live process of PostgreSQL's user that is not a postmaster, keeps it from starting
    const uid = process.getuid?.() === 0 ? Number(execFileSync('id', ['-u', 'postgres']).toString()) : undefined;
    const other = spawn('sleep', ['60'], { uid, stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, 'postmaster.pid'), `${other.pid}\n${dir}\n`);
      const again = startEmbeddedPostgres({ dir, port: busy.port });
      await expect(again).rejects.toThrow(
        `数据目录 ${dir} 有锁文件 postmaster.pid（进程 ${other.pid} 仍在运行，但不是本平台启动的数据库）`,
      );
      await expect(again).rejects.toThrow('确认没有 PostgreSQL 使用该目录后删除此文件，再启动');
    } finally {
      other.kill();
    }
  }, 120_000);

  it('says which data folder cannot be written and what to do', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-ro-')), 'a-file');
    writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    expect(() => loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32) })).toThrow(
      `数据目录 ${dataDir} 无法写入（ENOTDIR）：检查它的权限，或把 DATA_DIR 设为可写的目录`,
    );
  });
});
