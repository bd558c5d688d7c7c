import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { seesUnpublished } from '../../domain/content/content.policy.js';
import { compareRevisions } from '../../domain/content/compare.js';
import { revisionList, revisionPair } from '../../domain/content/content.queries.js';
import { STATUS_LABELS } from '../../domain/content/content.service.js';
import { recordType } from '../../domain/content/record-types.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadModule } from '../sites/module.loaders.js';
import { loadUnit } from '../units/units.loaders.js';
import { loadPageItem, loadRecord, requireKind } from './content.loaders.js';
import { compareQuery } from './content.schemas.js';

export function revisionsRoutes(db: Db): Router {
  const r = Router();
  r.get(
    '/units/:code/modules/:key/revisions',
    loadUnit(db),
    loadModule(db),
    requireKind('PAGE'),
    loadPageItem(db),
    allow('module.view'),
    showRevisions(db),
  );
  r.get(
    '/units/:code/modules/:key/records/:id/revisions',
    loadUnit(db),
    loadModule(db),
    requireKind('RECORDS'),
    loadRecord(db),
    allow('module.view'),
    showRevisions(db),
  );
  return r;
}

/**
 * GET …/revisions — every revision (editors and the office see drafts too; others what was once public);
 * with `?a=&b=` two revisions side by side, differences marked.
 */
function showRevisions(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    if (!res.locals.item) throw notFound('历史版本');
    const itemId = res.locals.item.id as number;
    const editor = seesUnpublished(req.user, unit);
    const q = compareQuery.parse(req.query);
    const base = `/units/${unit.code}/modules/${mod.key}${mod.kind === 'RECORDS' ? `/records/${itemId}` : ''}`;
    const [list, pair] = await Promise.all([
      revisionList(db, itemId, { editor }),
      q.a && q.b ? revisionPair(db, itemId, q.a, q.b, { editor }) : null,
    ]);
    if (q.a && q.b && !pair) throw notFound('版本');
    const compared = pair ? compareRevisions(pair.left, pair.right, recordType(mod.recordType)) : null;
    res.page('content/revisions', {
      title: `历史版本：${res.locals.item.title}`,
      list,
      pair,
      compared,
      base,
      editor,
      statusLabels: STATUS_LABELS,
      canEdit: can(req.user, 'module.edit', unit),
    });
  };
}
