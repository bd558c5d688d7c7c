import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { UnitKind } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { ValidationError } from '../errors.js';

type Actor = { actorId: number; ip?: string };

/** Which kind of unit may sit under which: the committee at the root, party groups inside branches. */
export const ALLOWED_PARENTS: Record<UnitKind, (UnitKind | null)[]> = {
  COMMITTEE: [null],
  GENERAL_BRANCH: ['COMMITTEE'],
  BRANCH: ['COMMITTEE', 'GENERAL_BRANCH'],
  PARTY_GROUP: ['BRANCH', 'GENERAL_BRANCH'],
};

/** Every unit, in tree order (parents before children), with people and grant counts; two queries. */
export async function unitTree(db: Db) {
  const [units, members] = await Promise.all([
    db.unit.findMany({
      orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
      select: { id: true, code: true, name: true, kind: true, parentId: true, location: true, factory: true, archivedAt: true },
    }),
    db.person.groupBy({ by: ['homeUnitId'], where: { active: true }, _count: { _all: true } }),
  ]);
  const count = new Map(members.map((m) => [m.homeUnitId, m._count._all]));
  const children = new Map<number | null, typeof units>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const ids = new Set(units.map((u) => u.id));
  const out: ((typeof units)[number] & { depth: number; people: number })[] = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const u of children.get(parentId) ?? []) {
      out.push({ ...u, depth, people: count.get(u.id) ?? 0 });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  // units whose parent is missing (should not happen) still show, at the root
  for (const u of units) if (u.parentId !== null && !ids.has(u.parentId)) out.push({ ...u, depth: 0, people: count.get(u.id) ?? 0 });
  return out;
}

export interface UnitInput {
  name: string;
  kind: UnitKind;
  parentId?: number;
  location: string;
  factory: string;
}

async function checkParent(db: Pick<Db, 'unit'>, kind: UnitKind, parentId: number | undefined, selfId?: number) {
  if (!parentId) {
    if (!ALLOWED_PARENTS[kind].includes(null)) throw new ValidationError({ parentId: '请选择上级单位' });
    return;
  }
  const parent = await db.unit.findUnique({ where: { id: parentId }, select: { id: true, kind: true } });
  if (!parent) throw new ValidationError({ parentId: '上级单位不存在' });
  if (!ALLOWED_PARENTS[kind].includes(parent.kind)) throw new ValidationError({ parentId: '该类型的单位不能放在所选上级之下' });
  if (selfId !== undefined) {
    // refuse cycles: walk up from the new parent; meeting ourselves means the move would make a loop
    let cursor: number | null = parentId;
    for (let i = 0; cursor !== null && i < 50; i++) {
      if (cursor === selfId) throw new ValidationError({ parentId: '不能移到自己或自己的下级单位之下' });
      cursor = (await db.unit.findUnique({ where: { id: cursor }, select: { parentId: true } }))?.parentId ?? null;
    }
  }
}

export async function createUnit(db: Db, props: UnitInput & Actor & { code: string }) {
  return transactionWithRetry(db, async (tx) => {
    if (await tx.unit.findUnique({ where: { code: props.code }, select: { id: true } }))
      throw new ValidationError({ code: '该单位编号已存在' });
    await checkParent(tx, props.kind, props.parentId);
    const last = await tx.unit.aggregate({ where: { parentId: props.parentId ?? null }, _max: { sortOrder: true } });
    const u = await tx.unit.create({
      data: {
        code: props.code,
        name: props.name,
        kind: props.kind,
        parentId: props.parentId ?? null,
        location: props.location,
        factory: props.factory,
        sortOrder: (last._max.sortOrder ?? 0) + 1,
      },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'unit.created',
      entityType: 'Unit',
      entityId: u.id,
      unitId: u.id,
      summary: `新建单位 ${u.name}（${u.code}）`,
      ip: props.ip,
    });
    return u;
  });
}

/** Renames, moves (no cycles, no nonsense like a branch under a party group) or relocates a unit. */
export async function updateUnit(db: Db, props: UnitInput & Actor & { unitId: number }) {
  await db.$transaction(async (tx) => {
    const before = await tx.unit.findUniqueOrThrow({ where: { id: props.unitId } });
    await checkParent(tx, props.kind, props.parentId, props.unitId);
    if (props.kind !== before.kind) {
      const kids = await tx.unit.findMany({ where: { parentId: before.id }, select: { kind: true } });
      if (kids.some((k) => !ALLOWED_PARENTS[k.kind].includes(props.kind)))
        throw new ValidationError({ kind: '该单位下有不能归属于新类型的下级单位' });
    }
    await tx.unit.update({
      where: { id: props.unitId },
      data: { name: props.name, kind: props.kind, parentId: props.parentId ?? null, location: props.location, factory: props.factory },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'unit.updated',
      entityType: 'Unit',
      entityId: before.id,
      unitId: before.id,
      ip: props.ip,
      summary: `修改单位 ${before.name}${before.name !== props.name ? ` → ${props.name}` : ''}${before.parentId !== (props.parentId ?? null) ? '（调整上级）' : ''}`,
      data: {
        before: { name: before.name, parentId: before.parentId, kind: before.kind },
        after: { name: props.name, parentId: props.parentId ?? null, kind: props.kind },
      },
    });
  });
}

/** Archives (site stays readable, nothing new is written) or brings back a unit. */
export async function setArchived(db: Db, props: Actor & { unitId: number; archived: boolean }) {
  await db.$transaction(async (tx) => {
    const u = await tx.unit.update({ where: { id: props.unitId }, data: { archivedAt: props.archived ? new Date() : null } });
    await audit(tx, {
      actorId: props.actorId,
      action: props.archived ? 'unit.archived' : 'unit.unarchived',
      entityType: 'Unit',
      entityId: u.id,
      unitId: u.id,
      summary: `${props.archived ? '归档' : '恢复'}单位 ${u.name}`,
      ip: props.ip,
    });
  });
}
