import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Prisma, Role } from '../../generated/prisma/client.js';
import { audit } from '../audit/audit.service.js';
import { ValidationError } from '../errors.js';
import { endSessionsOf } from '../people/sessions.js';
import { KEPT_ROLES, type ParsedWorkbook } from './import.columns.js';
import { planImport, type ImportPlan, type PersonTarget } from './import.preview.js';

type Tx = Prisma.TransactionClient;

/** Accounts made by an import have no local password until an administrator resets it (or the person uses company login). */
export const NO_LOCAL_PASSWORD = '!imported-no-local-password';

/** Keeps a parsed workbook until it is confirmed; the token goes into the confirm form. Previews older than a day go. */
export async function savePreview(
  db: Db,
  props: { actorId: number; fileName: string; file: Buffer; parsed: ParsedWorkbook; plan: ImportPlan },
) {
  const id = randomUUID();
  await db.$transaction([
    db.orgImport.deleteMany({ where: { appliedAt: null, createdAt: { lt: new Date(Date.now() - 86_400_000) } } }),
    db.orgImport.create({
      data: {
        id,
        actorId: props.actorId,
        fileName: props.fileName,
        sha256: createHash('sha256').update(props.file).digest('hex'),
        rows: props.parsed as unknown as Prisma.InputJsonValue,
        counts: props.plan.counts,
      },
    }),
  ]);
  return id;
}

export const nothingToDo = (c: ImportPlan['counts']) => c.unitsCreate + c.unitsChange + c.peopleCreate + c.peopleChange === 0;

const personData = (t: PersonTarget, ids: Map<string, number>) => ({
  displayName: t.displayName,
  homeUnitId: t.homeCode ? ids.get(t.homeCode)! : null,
  partyStatus: t.partyStatus,
  partyJoinedOn: t.joinedOn ? new Date(`${t.joinedOn}T00:00:00Z`) : null,
  title: t.title,
  phone: t.phone,
});

const grantRows = (personId: number, t: PersonTarget, ids: Map<string, number>) =>
  t.grants.map((g) => {
    const [role, code] = g.split('@');
    return { personId, role: role as Role, unitId: code ? ids.get(code)! : null };
  });

/** Writes the units: new ones parents first (a parent may be new too), then the changed ones. */
async function applyUnits(tx: Tx, plan: ImportPlan, ids: Map<string, number>) {
  const pending = plan.units.filter((u) => u.action === 'create');
  while (pending.length) {
    const ready = pending.findIndex((u) => !u.target.parentCode || ids.has(u.target.parentCode));
    const [u] = pending.splice(ready < 0 ? 0 : ready, 1);
    const { row: _row, parentCode, ...data } = u.target;
    const made = await tx.unit.create({ data: { ...data, parentId: parentCode ? ids.get(parentCode)! : null }, select: { id: true } });
    ids.set(u.key, made.id);
  }
  for (const u of plan.units.filter((x) => x.action === 'change')) {
    const { row: _row, parentCode, code: _code, ...data } = u.target;
    await tx.unit.update({ where: { id: u.id! }, data: { ...data, parentId: parentCode ? ids.get(parentCode)! : null } });
  }
}

/** Writes the people: new accounts in one statement, changed ones each; changed roles end that person's sessions. */
async function applyPeople(tx: Tx, plan: ImportPlan, ids: Map<string, number>) {
  const created = plan.people.filter((p) => p.action === 'create');
  await tx.person.createMany({
    data: created.map((p) => ({ username: p.key, passwordHash: NO_LOCAL_PASSWORD, ...personData(p.target, ids) })),
  });
  const newIds = await tx.person.findMany({ where: { username: { in: created.map((p) => p.key) } }, select: { id: true, username: true } });
  const idOf = new Map(newIds.map((p) => [p.username, p.id]));
  const grants = created.flatMap((p) => grantRows(idOf.get(p.key)!, p.target, ids));
  for (const p of plan.people.filter((x) => x.action === 'change')) {
    await tx.person.update({ where: { id: p.id! }, data: personData(p.target, ids) });
    if (!p.target.grantsChanged) continue;
    await tx.roleGrant.deleteMany({ where: { personId: p.id!, role: { notIn: KEPT_ROLES } } });
    grants.push(...grantRows(p.id!, p.target, ids));
    await endSessionsOf(tx, p.id!);
  }
  await tx.roleGrant.createMany({ data: grants });
}

/**
 * Applies a confirmed preview in one transaction: the plan is computed again from the kept rows, and refused when
 * it no longer matches what the administrator saw. Audited as one entry with its counts.
 */
export async function applyImport(db: Db, props: { token: string; actorId: number; ip?: string }) {
  return db.$transaction(
    async (tx) => {
      const [kept] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "OrgImport" WHERE "id" = ${props.token} FOR UPDATE`;
      const imp = kept && (await tx.orgImport.findUnique({ where: { id: kept.id } }));
      if (!imp || imp.actorId !== props.actorId) throw new ValidationError({ _form: '导入预览已失效，请重新上传文件' });
      if (imp.appliedAt) throw new ValidationError({ _form: '这次导入已经执行过了' });
      const plan = await planImport(tx, imp.rows as unknown as ParsedWorkbook);
      if (plan.errors.length) throw new ValidationError({ _form: '文件中有错误，请修改后重新上传' });
      // field by field: jsonb keeps its own key order
      const seen = imp.counts as Record<string, number>;
      if (Object.entries(plan.counts).some(([k, v]) => seen[k] !== v))
        throw new ValidationError({ _form: '预览之后系统中的数据已有变化，请重新上传文件查看预览' });
      if (nothingToDo(plan.counts)) throw new ValidationError({ _form: '没有需要导入的变更' });
      const units = await tx.unit.findMany({ select: { id: true, code: true } });
      const ids = new Map(units.map((u) => [u.code, u.id]));
      await applyUnits(tx, plan, ids);
      await applyPeople(tx, plan, ids);
      await tx.orgImport.update({ where: { id: imp.id }, data: { appliedAt: new Date() } });
      const c = plan.counts;
      await audit(tx, {
        actorId: props.actorId,
        action: 'org.imported',
        entityType: 'OrgImport',
        entityId: imp.id,
        summary: `从 Excel 导入组织机构（${imp.fileName}）：新建单位 ${c.unitsCreate} 个、修改 ${c.unitsChange} 个；新建人员 ${c.peopleCreate} 人、修改 ${c.peopleChange} 人`,
        data: { ...c, fileName: imp.fileName, sha256: imp.sha256 },
        ip: props.ip,
      });
      return c;
    },
    { timeout: 60_000 },
  );
}
