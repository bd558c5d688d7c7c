import type { Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { saveRevision, parseIdList, type SaveProps } from '../../domain/content/content.service.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { checkUploads } from '../../domain/files/attachments.service.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';

const DONE: Record<string, string> = { PUBLISHED: '已保存并发布', SUBMITTED: '已提交审核，等待支部书记审核发布', DRAFT: '草稿已保存' };

/**
 * The common end of every content save (page or record): check the uploaded files, save the revision with them, and
 * either redirect with a message or show the form again — with the reason, the user's own text, and on a
 * conflict the other person's newer version beside it. Nothing typed is lost.
 */
export async function saveFromForm(
  db: Db,
  req: Request,
  res: Response,
  content: Pick<SaveProps, 'kind' | 'itemId' | 'baseNumber' | 'title' | 'body' | 'fields' | 'eventDate' | 'intent'>,
  again: (extra: { errors: Record<string, string>; conflict?: unknown; status: number }) => void,
  redirectTo: (itemId: number) => string,
) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  if (req.uploadError) return again({ errors: { attachments: req.uploadError }, status: 400 });
  const intent = content.intent === 'publish' && !can(req.user, 'module.publish', unit) ? 'submit' : content.intent;
  try {
    const removeAttachmentIds = parseIdList(req.body.removeAttachment);
    const files = ((req.files as Express.Multer.File[] | undefined) ?? []).filter((f) => f.fieldname === 'attachments');
    const uploads = await checkUploads(files);
    const result = await saveRevision(db, {
      ...content,
      intent,
      unit,
      moduleId: mod.id,
      uploads,
      removeAttachmentIds,
      actor: req.user!,
      ip: req.ip,
    });
    flash(req, 'success', DONE[result.status] ?? '已保存');
    res.redirect(303, redirectTo(result.itemId));
  } catch (e) {
    if (e instanceof ValidationError) return again({ errors: e.fieldErrors, status: 400 });
    if (e instanceof ConflictError)
      return again({
        errors: { _form: `${e.message}。下面左侧是对方保存的最新版本，右侧保留了您的内容：请对照后重新保存。` },
        conflict: e.current,
        status: 409,
      });
    throw e;
  }
}
