import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { START_COMMAND } from '../../src/server-args.js';

describe('how the portal is started', () => {
  it('is the same for npm start as for the benchmark, the load test and the browser tests', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(START_COMMAND);
  });
});
