import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csrfOf, loginAs, testApp } from '../helpers/app.js';
import { asOwner, testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';
import { listRoutes } from '../helpers/routes.js';

// The audit log is append-only: no route changes or removes an entry, no code asks to, and the database refuses.

async function anEntry() {
  const db = testDb();
  return db.auditLog.create({ data: { actorId: null, action: 'test.audit_probe', entityType: 'Test', summary: '审计日志保护测试' } });
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? d.name === 'generated'
        ? []
        : sourceFiles(path.join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [path.join(dir, d.name)]
        : [],
  );

describe('the audit log through the application', () => {
  it('has one route to it, which only reads; no route of the router uses PUT, PATCH or DELETE', () => {
    const routes = listRoutes(testApp());
    expect(routes.filter((r) => /audit/i.test(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /admin/audit']);
    expect(routes.filter((r) => !['GET', 'POST'].includes(r.method))).toEqual([]);
  });

  it('answers every attempt to change or remove an entry with 404, and the entry stays as it was', async () => {
    const entry = await anEntry();
    const admin = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
    const token = await csrfOf(admin, '/me');
    const count = await testDb().auditLog.count();
    const urls = ['/admin/audit', `/admin/audit/${entry.id}`, `/admin/audit/${entry.id}/delete`, `/admin/audit/${entry.id}/edit`];
    for (const url of urls) {
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const res = await admin[method](url)
          .set('X-CSRF-Token', token)
          .type('form')
          .send({ _csrf: token, _method: 'DELETE', summary: '被篡改' });
        expect(res.status, `${method} ${url}`).toBe(404);
      }
    }
    const page = await admin.get('/admin/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('审计日志保护测试');
    // the only form that posts is the header's logout
    expect([...page.text.matchAll(/<form[^>]*method="post"[^>]*>/gi)].map((m) => /action="([^"]*)"/.exec(m[0])?.[1])).toEqual(['/logout']);
    expect(await testDb().auditLog.count()).toBe(count);
    expect(await testDb().auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it('is never asked, anywhere in the code, to update or delete an entry', () => {
    const offenders = sourceFiles(path.resolve(import.meta.dirname, '../../src')).filter((f) => {
      const code = readFileSync(f, 'utf8');
      return (
        /auditLog\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/.test(code) ||
        /(UPDATE|DELETE\s+FROM|TRUNCATE)\s+(TABLE\s+)?"?AuditLog"?/i.test(code)
      );
    });
    expect(offenders).toEqual([]);
  });
});

describe('the audit log in the database', () => {
  it("refuses the app's UPDATE and DELETE through Prisma: its role has no right to them (tests/security/db-roles.test.ts)", async () => {
    const entry = await anEntry();
    const db = testDb();
    const count = await db.auditLog.count();
    await expect(db.auditLog.update({ where: { id: entry.id }, data: { summary: '被篡改' } })).rejects.toThrow(/permission denied/);
    await expect(db.auditLog.updateMany({ where: { id: entry.id }, data: { actorId: 1 } })).rejects.toThrow(/permission denied/);
    await expect(db.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/permission denied/);
    await expect(db.auditLog.deleteMany({})).rejects.toThrow(/permission denied/);
    await expect(db.$transaction(async (tx) => tx.auditLog.deleteMany({ where: { id: entry.id } }))).rejects.toThrow(/permission denied/);
    expect(await db.auditLog.count()).toBe(count);
    expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in plain SQL even to the owner of the table: its trigger', async () => {
    const entry = await anEntry();
    const db = testDb();
    const count = await db.auditLog.count();
    await asOwner(async (owner) => {
      await expect(owner.query(`UPDATE "AuditLog" SET "summary" = '被篡改' WHERE "id" = $1`, [entry.id])).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(owner.query(`DELETE FROM "AuditLog" WHERE "id" = $1`, [entry.id])).rejects.toThrow(/append-only: DELETE refused/);
      await expect(owner.query(`TRUNCATE "AuditLog"`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    });
    expect(await db.auditLog.count()).toBe(count);
    expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it('still takes new entries', async () => {
    const before = await testDb().auditLog.count();
    await anEntry();
    expect(await testDb().auditLog.count()).toBe(before + 1);
  });
});
