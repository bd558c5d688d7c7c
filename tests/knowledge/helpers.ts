import { randomBytes } from 'node:crypto';
import type { ArticleCategory, RevisionStatus } from '../../src/generated/prisma/enums.js';
import { csrfOf, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';

/** A token nobody else in the database has, so "found" and "not found" mean something. */
export const uniq = (prefix = '') => `${prefix}${randomBytes(3).toString('hex')}`;

export async function post(agent: Agent, url: string, body: Record<string, unknown>, tokenPage = '/me') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, tokenPage), ...body });
}

/** An article written straight into the database with one revision (for lists, search and counts). */
export async function makeArticle(opts: { title: string; text?: string; category?: ArticleCategory; authorId: number; updatedAt?: Date }) {
  const text = opts.text ?? '正文内容。';
  return testDb().article.create({
    data: {
      category: opts.category ?? 'BASICS',
      title: opts.title,
      body: `<p>${text}</p>`,
      bodyText: text,
      headNumber: 1,
      createdById: opts.authorId,
      updatedById: opts.authorId,
      ...(opts.updatedAt ? { updatedAt: opts.updatedAt } : {}),
      revisions: {
        create: { number: 1, category: opts.category ?? 'BASICS', title: opts.title, body: `<p>${text}</p>`, authorId: opts.authorId },
      },
    },
  });
}

/**
 * A record of a unit's module written straight into the database with one revision of the given status; PUBLISHED
 * makes it the item's published revision, TAKEN_DOWN leaves nothing published (as a take-down of a first version does).
 */
export async function makeRecord(opts: {
  unitId: number;
  authorId: number;
  headline?: string;
  practice?: string;
  status?: RevisionStatus;
  moduleKey?: string;
  date?: string;
  deleted?: boolean;
}) {
  const db = testDb();
  const mod = await db.moduleDef.findFirstOrThrow({
    where: { key: opts.moduleKey ?? 'featured', template: { key: 'branch' } },
    select: { id: true },
  });
  const headline = opts.headline ?? uniq('特色工作');
  const date = opts.date ?? '2026-09-15';
  const fields = { date, headline, practice: opts.practice ?? '组建党员攻关小组，开展技术攻关。', results: '废品率下降。' };
  const status = opts.status ?? 'PUBLISHED';
  const eventDate = new Date(`${date}T00:00:00Z`);
  const item = await db.contentItem.create({
    data: {
      unitId: opts.unitId,
      moduleId: mod.id,
      kind: 'RECORD',
      title: headline,
      eventDate,
      headNumber: 1,
      deletedAt: opts.deleted ? new Date() : null,
    },
  });
  const rev = await db.revision.create({
    data: { itemId: item.id, number: 1, status, title: headline, fields, eventDate, authorId: opts.authorId },
  });
  if (status === 'PUBLISHED')
    await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id, publishedAt: new Date() } });
  return item;
}
