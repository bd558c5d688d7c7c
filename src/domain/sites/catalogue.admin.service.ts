import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { Cadence, ModuleKind, Section } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { NotFoundError, ValidationError } from '../errors.js';

/** The catalogue as the administrator edits it: both templates, every module (retired ones too), in order. */
export function catalogueForAdmin(db: Db) {
  return db.siteTemplate.findMany({
    orderBy: { id: 'asc' },
    select: {
      id: true,
      key: true,
      name: true,
      modules: {
        orderBy: [{ section: 'asc' }, { sortOrder: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          key: true,
          title: true,
          section: true,
          sortOrder: true,
          kind: true,
          recordType: true,
          linkedFeature: true,
          cadence: true,
          description: true,
          retiredAt: true,
        },
      },
    },
  });
}

export interface ModuleInput {
  title: string;
  description: string;
  section: Section;
  cadence: Cadence;
}

type Actor = { actorId: number; ip?: string };

/** Adds a module at the end of its section; every unit using the template shows it at once. */
export async function addModule(
  db: Db,
  props: ModuleInput & Actor & { templateId: number; key: string; kind: ModuleKind; recordType?: string; linkedFeature?: string },
) {
  return transactionWithRetry(db, async (tx) => {
    const clash = await tx.moduleDef.findUnique({ where: { templateId_key: { templateId: props.templateId, key: props.key } } });
    if (clash) throw new ValidationError({ key: '该模板中已有相同标识的模块' });
    const last = await tx.moduleDef.aggregate({
      where: { templateId: props.templateId, section: props.section },
      _max: { sortOrder: true },
    });
    const m = await tx.moduleDef.create({
      data: {
        templateId: props.templateId,
        key: props.key,
        title: props.title,
        description: props.description,
        section: props.section,
        cadence: props.cadence,
        kind: props.kind,
        recordType: props.kind === 'RECORDS' ? (props.recordType ?? null) : null,
        linkedFeature: props.kind === 'LINKED' ? (props.linkedFeature ?? null) : null,
        sortOrder: (last._max.sortOrder ?? 0) + 10,
      },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'catalogue.module_added',
      entityType: 'ModuleDef',
      entityId: m.id,
      summary: `新增模块：${m.title}`,
      ip: props.ip,
    });
    return m;
  });
}

/** Renames, redescribes, moves to another section (at its end) or changes the cadence of a module. */
export async function updateModule(db: Db, props: ModuleInput & Actor & { moduleId: number }) {
  await db.$transaction(async (tx) => {
    const before = await tx.moduleDef.findUnique({ where: { id: props.moduleId } });
    if (!before) throw new NotFoundError('模块');
    let sortOrder = before.sortOrder;
    if (before.section !== props.section) {
      const last = await tx.moduleDef.aggregate({
        where: { templateId: before.templateId, section: props.section },
        _max: { sortOrder: true },
      });
      sortOrder = (last._max.sortOrder ?? 0) + 10;
    }
    await tx.moduleDef.update({
      where: { id: props.moduleId },
      data: { title: props.title, description: props.description, section: props.section, cadence: props.cadence, sortOrder },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'catalogue.module_updated',
      entityType: 'ModuleDef',
      entityId: props.moduleId,
      ip: props.ip,
      summary: `修改模块：${before.title}${before.title !== props.title ? ` → ${props.title}` : ''}`,
      data: {
        before: { title: before.title, section: before.section, cadence: before.cadence },
        after: { title: props.title, section: props.section, cadence: props.cadence },
      },
    });
  });
}

/** Swaps a module with its neighbour in the same section. */
export async function moveModule(db: Db, props: Actor & { moduleId: number; direction: 'up' | 'down' }) {
  await db.$transaction(async (tx) => {
    const m = await tx.moduleDef.findUnique({ where: { id: props.moduleId } });
    if (!m) throw new NotFoundError('模块');
    const neighbour = await tx.moduleDef.findFirst({
      where: {
        templateId: m.templateId,
        section: m.section,
        sortOrder: props.direction === 'up' ? { lt: m.sortOrder } : { gt: m.sortOrder },
      },
      orderBy: { sortOrder: props.direction === 'up' ? 'desc' : 'asc' },
    });
    if (!neighbour) return;
    await tx.moduleDef.update({ where: { id: m.id }, data: { sortOrder: neighbour.sortOrder } });
    await tx.moduleDef.update({ where: { id: neighbour.id }, data: { sortOrder: m.sortOrder } });
    await audit(tx, {
      actorId: props.actorId,
      action: 'catalogue.module_moved',
      entityType: 'ModuleDef',
      entityId: m.id,
      summary: `调整模块顺序：${m.title}${props.direction === 'up' ? '上移' : '下移'}`,
      ip: props.ip,
    });
  });
}

/** Retires (hides from every site, keeping its history) or restores a module. */
export async function setModuleRetired(db: Db, props: Actor & { moduleId: number; retired: boolean }) {
  await db.$transaction(async (tx) => {
    const m = await tx.moduleDef.update({ where: { id: props.moduleId }, data: { retiredAt: props.retired ? new Date() : null } });
    await audit(tx, {
      actorId: props.actorId,
      action: props.retired ? 'catalogue.module_retired' : 'catalogue.module_restored',
      entityType: 'ModuleDef',
      entityId: m.id,
      summary: `${props.retired ? '停用' : '恢复'}模块：${m.title}`,
      ip: props.ip,
    });
  });
}
