import pg from 'pg';

/** The role the app connects to the embedded database as; `portal`, the superuser initdb made, owns the schema. */
export const EMBEDDED_APP_ROLE = 'portal_app';

/**
 * Creates the login role `name` when it is missing and sets its password, connected as a role that may create roles.
 * Two processes may start at once: the second one's CREATE finds the role made meanwhile.
 */
export async function ensureLoginRole(adminUrl: string, name: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const role = client.escapeIdentifier(name);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE ROLE ${role} LOGIN`).catch((e: { code?: string }) => {
        if (e.code !== '42710' && e.code !== '23505') throw e;
      });
    }
    await client.query(
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Gives the app role row rights on every table, sequence and function of the schema and nothing more: no CREATE on the
 * schema, no TRUNCATE/REFERENCES/TRIGGER, and on the audit log only SELECT and INSERT (append-only by privilege; its
 * trigger still stops the owner). Run by the migrator after every run, so tables that later migrations (or a
 * restore, which recreates the schema) create are covered by the same code that covers the old ones.
 * Refuses an app role that could change the schema anyway (a superuser, or a member of a table's owner).
 */
export async function grantAppRole(client: pg.ClientBase, name: string): Promise<void> {
  const role = client.escapeIdentifier(name);
  const { rows } = await client.query<{ super: boolean | null; owns: number; creates: boolean }>(
    `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = $1) AS super,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND pg_has_role($1, c.relowner, 'MEMBER')) AS owns,
            has_schema_privilege($1, 'public', 'CREATE') AS creates`,
    [name],
  );
  const r = rows[0];
  if (r.super === null) throw new Error(`The app's database role ${name} does not exist (see docs/OPERATIONS.md, database roles).`);
  if (r.super || r.owns > 0 || r.creates) {
    throw new Error(
      `The app's database role ${name} may change the schema (a superuser, an owner of tables, or CREATE on schema public): ` +
        'give it row rights only (see docs/OPERATIONS.md, database roles).',
    );
  }
  await client.query('BEGIN');
  try {
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${role}`);
    const { rows: audit } = await client.query<{ ok: boolean }>(`SELECT to_regclass('public."AuditLog"') IS NOT NULL AS ok`);
    if (audit[0].ok) await client.query(`REVOKE UPDATE, DELETE ON "AuditLog" FROM ${role}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
