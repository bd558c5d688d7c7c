import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ValidationError } from '../../domain/errors.js';
import { checkUploads } from '../../domain/files/attachments.service.js';
import { parseIdList } from '../../domain/content/content.service.js';
import { sanitizeRichText } from '../../domain/content/sanitize.js';
import { AUDIENCE_LABELS } from '../../domain/notices/notice.policy.js';
import { issuedNotices, noticeExtras } from '../../domain/notices/notices.queries.js';
import { audienceChoices, issuingUnits } from '../../domain/notices/notice-units.queries.js';
import { checkNoticeInput, publishDraft, saveNotice, STATUS_LABELS, withdrawNotice } from '../../domain/notices/notices.service.js';
import { remindPending } from '../../domain/notices/receipts.service.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { loadIssuingUnit, loadNotice } from './notices.loaders.js';
import { listQuery, noticeFormSchema, remindSchema, withdrawSchema } from './notices.schemas.js';
import { renderNotice } from './show-page.js';

const EDITOR = ['/public/vendor/quill/quill.js', '/public/js/editor.js'];

/** Issuing notices: the office for the committee, a secretary for their branch. */
export function issueRoutes(db: Db): Router {
  const r = Router();
  r.get('/notices/issued', loadIssuingUnit(db), allow('notice.issue'), issued(db));
  r.get('/notices/new', loadIssuingUnit(db), allow('notice.issue'), newForm(db));
  r.post('/notices', loadIssuingUnit(db), allow('notice.issue'), create(db));
  r.get('/notices/:id/edit', loadNotice(db), allow('notice.issue'), editForm(db));
  r.post('/notices/:id/edit', loadNotice(db), allow('notice.issue'), update(db));
  r.post('/notices/:id/publish', loadNotice(db), allow('notice.issue'), publish(db));
  r.post('/notices/:id/withdraw', loadNotice(db), allow('notice.issue'), withdraw(db));
  r.post('/notices/:id/remind', loadNotice(db), allow('notice.issue'), remind(db));
  return r;
}

/** GET /notices/issued?unit= — what a unit issued, drafts first, with how many have read and acknowledged. */
function issued(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const q = listQuery.parse(req.query);
    const [result, units] = await Promise.all([issuedNotices(db, unit.id, q.page), issuingUnits(db, req.user)]);
    res.page('notices/issued', {
      title: `${unit.name}发出的通知`,
      result,
      units,
      statusLabels: STATUS_LABELS,
      pager: { page: q.page, pages: result.pages, total: result.total, params: { unit: unit.code } },
    });
  };
}

async function renderForm(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const unit = res.locals.unit as UnitRow;
  const notice = res.locals.notice;
  const [choices, extras] = await Promise.all([audienceChoices(db, unit), notice ? noticeExtras(db, notice) : { attachments: [] }]);
  res.page(
    'notices/form',
    {
      title: notice ? `修改通知：${notice.title}` : '起草通知',
      notice,
      choices,
      attachments: extras.attachments,
      values,
      errors,
      audienceLabels: AUDIENCE_LABELS,
      scripts: EDITOR,
      extraStyles: ['/public/vendor/quill/quill.snow.css'],
    },
    status,
  );
}

/** The values to show again after a refused submit: what was typed, with rich text made safe. */
function refill(body: Record<string, unknown>) {
  const text = String(body.body ?? '');
  const units = ([] as unknown[]).concat(body.units ?? []).map(String);
  return { ...body, units, body: /<[a-z]/i.test(text) ? sanitizeRichText(text) : text };
}

/** GET /notices/new?unit= — a new notice for the unit, addressed by default to everyone (committee) or the branch. */
function newForm(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const committee = unit.kind === 'COMMITTEE';
    await renderForm(db, res, {
      unit: unit.code,
      issuer: unit.name,
      audience: committee ? 'ALL' : 'UNITS',
      units: committee ? [] : [String(unit.id)],
    });
  };
}

/** GET /notices/:id/edit — a draft in the form. */
function editForm(db: Db) {
  return async (req: Request, res: Response) => {
    const n = res.locals.notice!;
    if (n.status !== 'DRAFT') {
      flash(req, 'error', '已发布的通知不能修改；如有错误，请撤回后重新发布');
      return res.redirect(303, `/notices/${n.id}`);
    }
    await renderForm(db, res, {
      ...n,
      units: n.units.filter((u) => u.chosen).map((u) => String(u.unitId)),
      ackDeadline: n.ackDeadline ? n.ackDeadline.toISOString().slice(0, 10) : '',
    });
  };
}

/** The common end of create and update: files checked, notice saved with them (and published when asked), or the form again. */
async function save(db: Db, req: Request, res: Response, noticeId?: number) {
  const values = refill(req.body);
  if (req.uploadError) return renderForm(db, res, values, { attachments: req.uploadError }, 400);
  const form = parseForm(noticeFormSchema, req.body);
  if (!form.ok) return renderForm(db, res, values, form.errors, 400);
  const { intent, units, docNumber, ackDeadline, ...rest } = form.data;
  const input = { ...rest, docNumber: docNumber ?? '', unitIds: units, ackDeadline: ackDeadline ?? null };
  try {
    const files = ((req.files as Express.Multer.File[] | undefined) ?? []).filter((f) => f.fieldname === 'attachments');
    const unit = res.locals.unit as UnitRow;
    checkNoticeInput(unit, input, intent === 'publish');
    const uploads = await checkUploads(files);
    const result = await saveNotice(db, {
      unit,
      noticeId,
      input,
      publish: intent === 'publish',
      uploads,
      removeAttachmentIds: parseIdList(req.body.removeAttachment),
      actor: req.user!,
      ip: req.ip,
    });
    flash(req, 'success', result.published ? '通知已发布' : '草稿已保存');
    res.redirect(303, `/notices/${result.id}`);
  } catch (e) {
    if (e instanceof ValidationError) return renderForm(db, res, values, e.fieldErrors, 400);
    throw e;
  }
}

/** POST /notices — a new notice: saved as a draft, or published at once. */
function create(db: Db) {
  return (req: Request, res: Response) => save(db, req, res);
}

/** POST /notices/:id/edit — a draft changed, saved again or published. */
function update(db: Db) {
  return (req: Request, res: Response) => save(db, req, res, res.locals.notice!.id);
}

/** POST /notices/:id/publish — a draft published as it stands. */
function publish(db: Db) {
  return async (req: Request, res: Response) => {
    const n = res.locals.notice!;
    try {
      await publishDraft(db, { unit: res.locals.unit, noticeId: n.id, actor: req.user!, ip: req.ip });
      flash(req, 'success', '通知已发布');
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      flash(req, 'error', e.message);
    }
    res.redirect(303, `/notices/${n.id}`);
  };
}

/** POST /notices/:id/withdraw — withdraw with a reason the readers see. */
function withdraw(db: Db) {
  return async (req: Request, res: Response) => {
    const n = res.locals.notice!;
    res.locals.manager = true;
    const form = parseForm(withdrawSchema, req.body);
    if (!form.ok) return renderNotice(db, res, { errors: form.errors, values: form.values }, 400);
    try {
      await withdrawNotice(db, { unit: res.locals.unit, noticeId: n.id, reason: form.data.reason, actor: req.user!, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderNotice(db, res, { errors: e.fieldErrors, values: req.body }, 400);
      throw e;
    }
    flash(req, 'success', '通知已撤回，读者将看到撤回原因');
    res.redirect(303, `/notices/${n.id}`);
  };
}

/** POST /notices/:id/remind — remind everyone (or one unit's people) who has not yet read or acknowledged. */
function remind(db: Db) {
  return async (req: Request, res: Response) => {
    const n = res.locals.notice!;
    const { unit } = remindSchema.parse(req.body ?? {});
    if (n.status !== 'PUBLISHED') {
      flash(req, 'error', '只有已发布的通知可以提醒');
    } else {
      const count = await remindPending(db, {
        unit: res.locals.unit,
        notice: { ...n, units: n.units },
        unitId: unit,
        actor: req.user!,
        ip: req.ip,
      });
      flash(req, count ? 'success' : 'info', count ? `已提醒 ${count} 人尽快${n.ackRequired ? '确认' : '阅读'}` : '没有需要提醒的人员');
    }
    res.redirect(303, `/notices/${n.id}/receipts${unit === undefined ? '' : `?unit=${unit}`}`);
  };
}
