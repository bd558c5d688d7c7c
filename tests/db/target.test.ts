import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { databaseTarget } from '../../src/db/target.js';

// Which role the portal connects as, and which one migrates, from the environment (docs/OPERATIONS.md, Database roles).
const APP = 'postgresql://djportal_app:a%40pp@db.example.internal:5432/djportal';
const OWNER = 'postgresql://djportal_owner:owner@db.example.internal:5432/djportal';
const config = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: '/tmp/djportal-target-test', SESSION_SECRET: 'x'.repeat(16), ...env });

describe('the database target of an external PostgreSQL', () => {
  it('connects the app as DATABASE_URL and migrates as MIGRATION_DATABASE_URL, granting to the app role', async () => {
    expect(await databaseTarget(config({ DATABASE_URL: APP, MIGRATION_DATABASE_URL: OWNER }))).toEqual({
      appUrl: APP,
      ownerUrl: OWNER,
      appRole: 'djportal_app',
    });
  });

  it('with DATABASE_URL alone, or the same role twice, lets that role do everything, as before', async () => {
    expect(await databaseTarget(config({ DATABASE_URL: OWNER }))).toEqual({ appUrl: OWNER, ownerUrl: OWNER });
    const same = OWNER.replace('owner@', 'other@');
    expect(await databaseTarget(config({ DATABASE_URL: OWNER, MIGRATION_DATABASE_URL: same }))).toEqual({ appUrl: OWNER, ownerUrl: same });
  });

  it('refuses MIGRATION_DATABASE_URL without DATABASE_URL, and a DATABASE_URL that names no user next to it', async () => {
    expect(() => config({ MIGRATION_DATABASE_URL: OWNER })).toThrow(/MIGRATION_DATABASE_URL: given without DATABASE_URL/);
    await expect(
      databaseTarget(config({ DATABASE_URL: 'postgresql://db.example.internal/djportal', MIGRATION_DATABASE_URL: OWNER })),
    ).rejects.toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL that names its user/);
  });
});
