import dayjs from 'dayjs';
import type { Db } from '../../db/client.js';
import type { NoticeAudience } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import type { SessionUser, UnitScope } from '../authz/can.js';
import { richTextToPlain, sanitizeRichText } from '../content/sanitize.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { storeUploads, transactionStoring, type CheckedUpload } from '../files/attachments.service.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export const STATUS_LABELS = { DRAFT: '草稿', PUBLISHED: '已发布', WITHDRAWN: '已撤回' } as const;

/** What the issuer fills in. */
export interface NoticeInput {
  title: string;
  docNumber: string;
  issuer: string;
  body: string;
  audience: NoticeAudience;
  unitIds: number[];
  membersOnly: boolean;
  ackRequired: boolean;
  ackDeadline: Date | null;
}

/** Notice bodies are rich text from the editor, or plain text typed without it (kept as paragraphs). */
export function noticeBodyHtml(raw: string): string {
  const text = String(raw ?? '').trim();
  if (/<[a-z][^>]*>/i.test(text)) return sanitizeRichText(text);
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${escape(l)}</p>`)
    .join('');
}

/**
 * The units a notice goes to: the chosen ones, which must lie under the issuing unit, and every unit under them.
 * One query for the organisation's tree.
 */
async function expandUnits(tx: Tx, issuing: { id: number }, chosen: number[]) {
  const tree = await tx.unit.findMany({ select: { id: true, parentId: true } });
  const children = new Map<number, number[]>();
  for (const u of tree) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const below = (root: number) => {
    const out = new Set<number>([root]);
    for (const id of out) for (const c of children.get(id) ?? []) out.add(c);
    return out;
  };
  const allowed = below(issuing.id);
  if (chosen.some((id) => !allowed.has(id))) throw new ValidationError({ units: '所选接收单位不在本单位管辖范围内' });
  const expanded = new Set<number>();
  for (const id of chosen) for (const d of below(id)) expanded.add(d);
  return [...expanded].map((unitId) => ({ unitId, chosen: chosen.includes(unitId) }));
}

/** The rules of a notice that need its issuing unit; called before files are stored, and again on save. */
export function checkNoticeInput(unit: { kind: string }, input: NoticeInput, publish: boolean) {
  const errors: Record<string, string> = {};
  if (unit.kind !== 'COMMITTEE' && input.audience !== 'UNITS') errors.audience = '支部发布的通知只能发给本支部（可选党小组）';
  if (input.audience === 'UNITS' && !input.unitIds.length) errors.units = '请选择接收单位';
  if (input.ackRequired && !input.ackDeadline) errors.ackDeadline = '要求确认时请填写确认期限';
  const today = new Date(`${dayjs().format('YYYY-MM-DD')}T00:00:00Z`);
  if (publish && input.ackRequired && input.ackDeadline && input.ackDeadline < today) errors.ackDeadline = '确认期限不能早于今天';
  const html = noticeBodyHtml(input.body);
  if (!richTextToPlain(html) && !/<img /.test(html)) errors.body = '请填写正文';
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/**
 * `issueNotice`: creates a notice or updates a draft, with its audience and files, and publishes it when asked,
 * in one transaction. Only drafts change; a published notice can only be withdrawn.
 */
export async function saveNotice(
  db: Db,
  props: {
    unit: UnitScope & { name: string };
    noticeId?: number;
    input: NoticeInput;
    publish: boolean;
    /** New files, stored in this transaction (checked before, by checkUploads). */
    uploads: CheckedUpload[];
    removeAttachmentIds: number[];
    actor: SessionUser;
    ip?: string;
  },
) {
  const { unit, input, actor } = props;
  checkNoticeInput(unit, input, props.publish);
  return transactionStoring(db, props.uploads, async (tx) => {
    const units = input.audience === 'UNITS' ? await expandUnits(tx, unit, input.unitIds) : [];
    const data = {
      title: input.title,
      docNumber: input.docNumber,
      issuer: input.issuer,
      body: noticeBodyHtml(input.body),
      audience: input.audience,
      membersOnly: input.audience === 'UNITS' && input.membersOnly,
      ackRequired: input.ackRequired,
      ackDeadline: input.ackRequired ? input.ackDeadline : null,
      ...(props.publish ? { status: 'PUBLISHED' as const, publishedAt: new Date() } : {}),
    };
    let id = props.noticeId;
    if (id === undefined) {
      id = (await tx.notice.create({ data: { ...data, unitId: unit.id, createdById: actor.id }, select: { id: true } })).id;
    } else {
      const changed = await tx.notice.updateMany({ where: { id, unitId: unit.id, status: 'DRAFT' }, data });
      if (!changed.count) throw new ValidationError({ _form: '该通知已发布或已撤回，不能再修改' });
      await tx.noticeUnit.deleteMany({ where: { noticeId: id } });
      if (props.removeAttachmentIds.length)
        await tx.noticeAttachment.deleteMany({ where: { noticeId: id, attachmentId: { in: props.removeAttachmentIds } } });
    }
    if (units.length) await tx.noticeUnit.createMany({ data: units.map((u) => ({ ...u, noticeId: id })) });
    const added = await storeUploads(tx, props.uploads, { unitId: unit.id, uploadedById: actor.id });
    if (added.length) await tx.noticeAttachment.createMany({ data: added.map((attachmentId) => ({ noticeId: id, attachmentId })) });
    const base = { actorId: actor.id, entityType: 'Notice', entityId: id, unitId: unit.id, ip: props.ip };
    await audit(tx, {
      ...base,
      action: props.noticeId === undefined ? 'notice.created' : 'notice.updated',
      summary: `${props.noticeId === undefined ? '起草' : '修改'}通知：${input.title.slice(0, 60)}`,
    });
    if (props.publish) await audit(tx, { ...base, action: 'notice.published', summary: `发布通知：${input.title.slice(0, 60)}` });
    return { id, published: props.publish };
  });
}

/** Publishes a draft as it stands (from the notice page). */
export async function publishDraft(db: Db, props: { unit: UnitScope; noticeId: number; actor: SessionUser; ip?: string }) {
  await db.$transaction(async (tx) => {
    const n = await tx.notice.findFirst({
      where: { id: props.noticeId, unitId: props.unit.id },
      select: { status: true, title: true, ackRequired: true, ackDeadline: true, audience: true, _count: { select: { units: true } } },
    });
    if (!n) throw new NotFoundError('通知');
    if (n.status !== 'DRAFT') throw new ValidationError({ _form: '该通知已发布或已撤回' });
    if (n.audience === 'UNITS' && !n._count.units) throw new ValidationError({ _form: '请先选择接收单位' });
    const today = new Date(`${dayjs().format('YYYY-MM-DD')}T00:00:00Z`);
    if (n.ackRequired && n.ackDeadline && n.ackDeadline < today) throw new ValidationError({ _form: '确认期限已过，请修改后再发布' });
    // conditional on still being a draft: of simultaneous clicks only the first publishes (and is audited)
    const moved = await tx.notice.updateMany({
      where: { id: props.noticeId, status: 'DRAFT' },
      data: { status: 'PUBLISHED', publishedAt: new Date() },
    });
    if (!moved.count) throw new ValidationError({ _form: '该通知已发布或已撤回' });
    await audit(tx, {
      actorId: props.actor.id,
      action: 'notice.published',
      entityType: 'Notice',
      entityId: props.noticeId,
      unitId: props.unit.id,
      summary: `发布通知：${n.title.slice(0, 60)}`,
      ip: props.ip,
    });
  });
}

/** Withdraws a published notice; readers see that it was withdrawn and why. */
export async function withdrawNotice(
  db: Db,
  props: { unit: UnitScope; noticeId: number; reason: string; actor: SessionUser; ip?: string },
) {
  await db.$transaction(async (tx) => {
    const changed = await tx.notice.updateMany({
      where: { id: props.noticeId, unitId: props.unit.id, status: 'PUBLISHED' },
      data: { status: 'WITHDRAWN', withdrawnAt: new Date(), withdrawReason: props.reason },
    });
    if (!changed.count) throw new ValidationError({ _form: '只有已发布的通知可以撤回' });
    await audit(tx, {
      actorId: props.actor.id,
      action: 'notice.withdrawn',
      entityType: 'Notice',
      entityId: props.noticeId,
      unitId: props.unit.id,
      summary: `撤回通知：${props.reason.slice(0, 80)}`,
      ip: props.ip,
    });
  });
}
