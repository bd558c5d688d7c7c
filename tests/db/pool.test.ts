import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';

describe('the connection pool', () => {
  it('keeps its connections through a quiet spell, so the next page does not pay for new ones', async () => {
    const db = connectDatabase(process.env.TEST_WORKER_DATABASE_URL!, { max: 2 });
    try {
      const pid = async () => (await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const before = await pid();
      // pg closes a connection idle for ten seconds by default: the morning review then opened a dozen new ones
      await new Promise((r) => setTimeout(r, 11_000));
      expect(db.pool.totalCount).toBeGreaterThan(0);
      expect(await pid()).toBe(before);
    } finally {
      await db.close();
    }
  }, 30_000);
});
