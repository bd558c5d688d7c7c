import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

// The app connects as a role that reads and writes rows and nothing more (src/db/roles.ts): a bug or an injected
// statement can neither change the schema nor rewrite the audit log. These run as that role, as the portal does.

let app: pg.Client;
beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.TEST_WORKER_DATABASE_URL });
  await app.connect();
});
afterAll(() => app.end());

/** The error code of `sql` run as the app role, each in its own transaction so that the next one runs. */
async function refusal(sql: string): Promise<string | undefined> {
  await app.query('BEGIN');
  try {
    await app.query(sql);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  } finally {
    await app.query('ROLLBACK');
  }
}

async function anEntry(): Promise<number> {
  const { rows } = await app.query<{ id: number }>(
    `INSERT INTO "AuditLog" ("action", "entityType", "summary") VALUES ('test.roles_probe', 'Test', '权限测试') RETURNING id`,
  );
  return rows[0].id;
}

describe("the app's database role", () => {
  it('is no superuser, owns no table and may not create in the schema', async () => {
    const { rows } = await app.query<{ super: boolean; owned: number; creates: boolean; user: string }>(
      `SELECT current_user AS user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned,
              has_schema_privilege('public', 'CREATE') AS creates`,
    );
    expect(rows[0]).toMatchObject({ super: false, owned: 0, creates: false });
  });

  it("may neither alter the audit log's table nor drop or disable its trigger", async () => {
    const statements = [
      `ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only"`,
      `ALTER TABLE "AuditLog" DISABLE TRIGGER ALL`,
      `DROP TRIGGER "AuditLog_append_only" ON "AuditLog"`,
      `DROP TRIGGER "AuditLog_no_truncate" ON "AuditLog"`,
      `ALTER TABLE "AuditLog" ADD COLUMN "note" text`,
      `ALTER TABLE "AuditLog" RENAME TO "AuditLogOld"`,
      `DROP TABLE "AuditLog"`,
      `CREATE OR REPLACE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      `SET session_replication_role = replica`,
    ];
    for (const sql of statements) expect(await refusal(sql), sql).toBe('42501');
  });

  it('may not update, delete or truncate audit entries (a refusal of privilege, before the trigger is asked)', async () => {
    const id = await anEntry();
    const statements = [
      `UPDATE "AuditLog" SET "summary" = '被篡改' WHERE id = ${id}`,
      `DELETE FROM "AuditLog" WHERE id = ${id}`,
      `TRUNCATE "AuditLog"`,
      `SELECT id FROM "AuditLog" WHERE id = ${id} FOR UPDATE`,
    ];
    for (const sql of statements) expect(await refusal(sql), sql).toBe('42501');
    await expect(app.query(`UPDATE "AuditLog" SET "summary" = 'x' WHERE id = ${id}`)).rejects.toThrow(
      /permission denied for table AuditLog/,
    );
    const { rows } = await app.query(`SELECT "summary" FROM "AuditLog" WHERE id = $1`, [id]);
    expect(rows).toEqual([{ summary: '权限测试' }]);
  });

  it('may not create tables, functions, triggers or schemas, nor truncate or add triggers to other tables', async () => {
    const statements = [
      `CREATE TABLE "Backdoor" (id int)`,
      `CREATE TABLE public.backdoor AS SELECT * FROM "Person"`,
      `CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
      `CREATE SCHEMA backdoor`,
      `CREATE TRIGGER t BEFORE INSERT ON "Person" FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"()`,
      `CREATE INDEX ON "Person" ("displayName")`,
      `TRUNCATE "Person" CASCADE`,
      `ALTER TABLE "Person" DROP COLUMN "displayName"`,
      `DELETE FROM "_prisma_migrations"`,
    ];
    for (const sql of statements) expect(await refusal(sql), sql).toBe('42501');
  });

  it("adds audit entries and does the app's ordinary writes", async () => {
    const id = await anEntry();
    expect((await app.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE id = $1`, [id])).rows).toEqual([{ n: 1 }]);
    // through the app: a login writes its session and its audit entry, and the page after it reads
    const w = await makeBranchWorld();
    const agent = await loginAs(w.secretary.username);
    expect((await agent.get('/me')).status).toBe(200);
    expect(await testDb().auditLog.count({ where: { actorId: w.secretary.id, action: 'auth.login' } })).toBe(1);
    await testDb().person.update({ where: { id: w.secretary.id }, data: { displayName: '改名测试' } });
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.secretary.id } })).displayName).toBe('改名测试');
  });
});
