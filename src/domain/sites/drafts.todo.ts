import { hasGlobalRole, unitsWithRole } from '../authz/can.js';
import type { TodoSource } from './todo-parts.js';
import { todoHref } from './todo.service.js';

/**
 * 我的草稿: what the person saved and has not submitted yet (their DRAFT that nothing newer has followed), newest
 * first; for the people who edit a unit's site. Sent-back drafts are the content review's own list.
 */
export const myDrafts: TodoSource = async (db, user, limit) => {
  if (!hasGlobalRole(user, 'OFFICE') && !unitsWithRole(user, ['INFO_OFFICER', 'ORG_MEMBER', 'SECRETARY']).length) return null;
  const rows = await db.$queryRaw<
    {
      itemId: number;
      kind: string;
      number: number;
      title: string;
      at: Date;
      unitCode: string;
      unitName: string;
      moduleKey: string;
      moduleTitle: string;
    }[]
  >`
    SELECT i.id AS "itemId", i.kind::text AS kind, r.number, r.title, r."createdAt" AS at,
           u.code AS "unitCode", u.name AS "unitName", m.key AS "moduleKey", m.title AS "moduleTitle"
      FROM "Revision" r
      JOIN "ContentItem" i ON i.id = r."itemId" AND i."deletedAt" IS NULL
      JOIN "Unit" u ON u.id = i."unitId" AND u."archivedAt" IS NULL
      JOIN "ModuleDef" m ON m.id = i."moduleId"
     WHERE r."authorId" = ${user.id} AND r.status = 'DRAFT'
       AND NOT EXISTS (SELECT 1 FROM "Revision" n WHERE n."itemId" = r."itemId" AND n.number > r.number)
     ORDER BY r."createdAt" DESC, r.id DESC
     LIMIT ${limit}`;
  return {
    id: 'drafts',
    title: '我的草稿',
    hint: '您保存了、还没有提交审核的草稿：写完后提交，由书记审核发布。',
    fromLabel: '单位 · 模块',
    atLabel: '保存时间',
    lines: rows.map((d) => ({
      text: d.title,
      href: `${todoHref({ ...d, itemKind: d.kind as 'PAGE' | 'RECORD' })}/edit`,
      from: `${d.unitName} · ${d.moduleTitle}`,
      at: d.at,
      note: `第 ${d.number} 版`,
    })),
  };
};
