import type { Request, Response } from 'express';
import type { Db } from '../../db/client.js';

/**
 * LINKED modules show a view of another part of the portal scoped to the unit. Each feature registers its
 * renderer here under the module's `linkedFeature` key; a feature not built yet shows a placeholder naming it.
 */
export type LinkedView = (db: Db, req: Request, res: Response) => Promise<void>;

export const LINKED_VIEWS: Record<string, LinkedView> = {};

export const LINKED_FEATURE_NAMES: Record<string, string> = {
  notices: '文件通知',
  assessment: '诊断与考核',
  findings: '检查问题与整改（PDCA）',
  guides: '党务工作指南（知识库）',
};
