import { describe, expect, it } from 'vitest';
import { GenerationCache } from '../../src/cache/generation-cache.js';

const board = (n: number) => ({
  n,
  asOf: new Date(2026, 10, 28),
  rows: [{ title: '党员发展', cells: [{ n: 1, status: 'ok', at: new Date(2026, 10, 1) }] }],
});

describe('the generation cache', () => {
  it('computes a value once per generation and key, shares it, frozen, and computes again after a write', async () => {
    const cache = new GenerationCache();
    let computed = 0;
    const compute = async () => board(++computed);
    const a = await cache.get(3n, 'board', compute);
    const b = await cache.get(3n, 'board', compute);
    expect(b).toBe(a);
    expect(computed).toBe(1);
    expect((await cache.get(3n, 'other board', compute)).n).toBe(2);
    expect(Object.isFrozen(a.rows[0].cells[0])).toBe(true);
    expect(() => {
      'use strict';
      (a.rows[0] as { title: string }).title = '改掉';
    }).toThrow(TypeError);
    expect((await cache.get(4n, 'board', compute)).n).toBe(3);
  });

  it('keeps dates that cannot be moved (Object.freeze does not reach a date), whose copies are ordinary dates', async () => {
    const a = await new GenerationCache().get(1n, 'board', async () => board(1));
    expect(() => a.rows[0].cells[0].at.setHours(0)).toThrow(TypeError);
    expect(() => a.asOf.setTime(0)).toThrow(TypeError);
    expect(a.asOf.getTime()).toBe(new Date(2026, 10, 28).getTime());
    expect(a.asOf instanceof Date).toBe(true);
    const copy = new Date(a.asOf);
    copy.setDate(1);
    expect(copy.getDate()).toBe(1);
  });

  it('lets a request that read an older generation compute its own value, neither using nor replacing the newer one', async () => {
    const cache = new GenerationCache();
    await cache.get(6n, 'k', async () => 'new');
    expect(await cache.get(5n, 'k', async () => 'old')).toBe('old');
    expect(await cache.get(6n, 'k', async () => 'again')).toBe('new');
  });

  it('forgets a computation that failed, so the next request tries again', async () => {
    const cache = new GenerationCache();
    await expect(cache.get(1n, 'k', () => Promise.reject(new Error('数据库不可用')))).rejects.toThrow('数据库不可用');
    expect(await cache.get(1n, 'k', async () => 'ok')).toBe('ok');
  });

  it('holds at most its number of entries, the least recently used going first', async () => {
    const cache = new GenerationCache(2);
    await cache.get(1n, 'a', async () => 'a');
    await cache.get(1n, 'b', async () => 'b');
    await cache.get(1n, 'a', async () => 'not computed');
    await cache.get(1n, 'c', async () => 'c');
    expect(cache.size).toBe(2);
    expect(await cache.get(1n, 'a', async () => 'computed again')).toBe('a');
    expect(await cache.get(1n, 'b', async () => 'computed again')).toBe('computed again');
  });
});
