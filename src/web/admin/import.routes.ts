import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ValidationError } from '../../domain/errors.js';
import { cleanFileName } from '../../domain/files/file-checks.js';
import { LIMITS, type ParsedWorkbook } from '../../domain/orgimport/import.columns.js';
import { applyImport, nothingToDo, savePreview } from '../../domain/orgimport/import.apply.js';
import { organisationWorkbook } from '../../domain/orgimport/import.export.js';
import { parseWorkbook, WorkbookError } from '../../domain/orgimport/import.parse.js';
import { planImport, type ImportPlan } from '../../domain/orgimport/import.preview.js';
import { flash } from '../flash.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function importRoutes(db: Db): Router {
  const r = Router();
  r.get('/admin/import', allow('admin.import'), showImport);
  r.get('/admin/import/template.xlsx', allow('admin.import'), download(db, false));
  r.get('/admin/import/export.xlsx', allow('admin.import'), download(db, true));
  r.post('/admin/import', allow('admin.import'), upload(db));
  r.get('/admin/import/:token', allow('admin.import'), showPreview(db));
  r.post('/admin/import/:token/apply', allow('admin.import'), apply(db));
  return r;
}

const renderUpload = (res: Response, errors: Record<string, string> = {}, status = 200) =>
  res.page('admin/import/index', { title: '组织机构导入', errors, limits: LIMITS }, status);

const renderPreview = (
  res: Response,
  plan: ImportPlan,
  extra: { token?: string; fileName: string; errors?: Record<string, string> },
  status = 200,
) => res.page('admin/import/preview', { title: '导入预览', plan, empty: nothingToDo(plan.counts), errors: {}, ...extra }, status);

/** GET /admin/import — template, export and the upload form. */
function showImport(_req: Request, res: Response) {
  renderUpload(res);
}

/** GET /admin/import/template.xlsx and /export.xlsx — the workbook, empty of people or with all of them. */
function download(db: Db, withPeople: boolean) {
  return async (_req: Request, res: Response) => {
    const buf = await organisationWorkbook(db, { withPeople });
    const name = withPeople ? `组织机构导出-${new Date().toISOString().slice(0, 10)}.xlsx` : '组织机构导入模板.xlsx';
    res
      .type(XLSX)
      .attachment(name)
      .send(Buffer.from(buf as ArrayBuffer));
  };
}

/** POST /admin/import — parses the workbook; with errors the preview lists them (400), else it is kept and shown. */
function upload(db: Db) {
  return async (req: Request, res: Response) => {
    if (req.uploadError) return renderUpload(res, { file: req.uploadError }, 400);
    const file = ((req.files as Express.Multer.File[] | undefined) ?? []).find((f) => f.fieldname === 'file');
    if (!file || !file.size) return renderUpload(res, { file: '请选择要上传的 Excel 文件（.xlsx）' }, 400);
    if (file.size > LIMITS.fileBytes) return renderUpload(res, { file: `文件过大：不能超过 ${LIMITS.fileBytes / 1024 / 1024} MB` }, 400);
    const buf = file.buffer;
    let parsed: ParsedWorkbook;
    try {
      parsed = await parseWorkbook(buf);
    } catch (e) {
      if (e instanceof WorkbookError) return renderUpload(res, { file: e.message }, 400);
      throw e;
    }
    const fileName = cleanFileName(file.originalname);
    const plan = await planImport(db, parsed);
    if (plan.errors.length) return renderPreview(res, plan, { fileName }, 400);
    // a file that matches the database is answered at once: nothing kept, nothing written
    if (nothingToDo(plan.counts)) return renderPreview(res, plan, { fileName });
    const token = await savePreview(db, { actorId: req.user!.id, fileName, file: buf, parsed, plan });
    res.redirect(303, `/admin/import/${token}`);
  };
}

const loadImport = (db: Db, req: Request) =>
  db.orgImport.findFirst({ where: { id: String(req.params.token), actorId: req.user!.id, appliedAt: null } });

/** GET /admin/import/:token — the kept workbook's plan against the database as it is now. */
function showPreview(db: Db) {
  return async (req: Request, res: Response) => {
    const imp = await loadImport(db, req);
    if (!imp) throw notFound('导入预览');
    renderPreview(res, await planImport(db, imp.rows as unknown as ParsedWorkbook), { token: imp.id, fileName: imp.fileName });
  };
}

/** POST /admin/import/:token/apply — writes the whole file in one transaction. */
function apply(db: Db) {
  return async (req: Request, res: Response) => {
    try {
      const c = await applyImport(db, { token: String(req.params.token), actorId: req.user!.id, ip: req.ip });
      flash(
        req,
        'success',
        `导入完成：新建单位 ${c.unitsCreate} 个、修改 ${c.unitsChange} 个；新建人员 ${c.peopleCreate} 人、修改 ${c.peopleChange} 人`,
      );
      res.redirect(303, '/admin/import');
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const imp = await loadImport(db, req);
      if (!imp) return renderUpload(res, e.fieldErrors, 400);
      const plan = await planImport(db, imp.rows as unknown as ParsedWorkbook);
      renderPreview(res, plan, { token: imp.id, fileName: imp.fileName, errors: e.fieldErrors }, 400);
    }
  };
}
