import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { audit } from '../audit/audit.service.js';
import { ValidationError } from '../errors.js';
import { activeCriteria, type SchemeRow } from './assessment.queries.js';
import { QUARTER_LABELS } from './measures.js';
import { manualScore } from './scoring.js';

type Tx = Prisma.TransactionClient;

interface RoundRef {
  scheme: SchemeRow;
  quarter: number;
  actorId: number;
  ip?: string;
}

const label = (p: { scheme: SchemeRow; quarter: number }) => `${p.scheme.year} 年${QUARTER_LABELS[p.quarter - 1]}`;

/**
 * The quarter's round, created on first use (a quarter nobody has scored has none), and locked until the caller's
 * transaction ends: two first saves of a quarter at once do not both insert it, and concurrent saves of the same
 * cells run one after the other instead of colliding on the scores' unique key.
 */
export async function ensureRound(tx: Tx, schemeId: number, quarter: number): Promise<{ id: number; status: string }> {
  await tx.$executeRaw`INSERT INTO "AssessmentRound" ("schemeId", "quarter") VALUES (${schemeId}, ${quarter}) ON CONFLICT ("schemeId", "quarter") DO NOTHING`;
  const [round] = await tx.$queryRaw<
    { id: number; status: string }[]
  >`SELECT "id", "status"::text AS "status" FROM "AssessmentRound" WHERE "schemeId" = ${schemeId} AND "quarter" = ${quarter} FOR UPDATE`;
  return round;
}

/** A published quarter is read-only until the office reopens it. */
export function assertDraft(round: { status: string }): void {
  if (round.status === 'PUBLISHED') throw new ValidationError({ _form: '本季度考核结果已发布，不能修改；如需修改请先撤回发布' });
}

export interface HandScore {
  unitId: number;
  criterionId: number;
  score: number | null;
  comment: string;
}

/**
 * Saves the hand scores of the sheet: only the cells that changed are rewritten (one delete, one insert); a cell
 * left empty removes its score. Returns how many cells changed.
 */
export async function saveHandScores(db: Db, p: RoundRef & { cells: HandScore[] }) {
  const manual = new Map(
    activeCriteria(p.scheme)
      .filter((c) => c.method === 'MANUAL')
      .map((c) => [c.id, c]),
  );
  const cells = p.cells.filter((c) => manual.has(c.criterionId));
  return db.$transaction(async (tx) => {
    const round = await ensureRound(tx, p.scheme.id, p.quarter);
    assertDraft(round);
    const existing = await tx.assessmentScore.findMany({
      where: { roundId: round.id, criterionId: { in: [...manual.keys()] } },
      select: { unitId: true, criterionId: true, score: true, comment: true },
    });
    const before = new Map(existing.map((e) => [`${e.unitId}:${e.criterionId}`, e]));
    const changed = cells.filter((c) => {
      const e = before.get(`${c.unitId}:${c.criterionId}`);
      return c.score == null ? !!e : !e || e.score !== c.score || e.comment !== c.comment;
    });
    if (!changed.length) return 0;
    await tx.assessmentScore.deleteMany({
      where: { roundId: round.id, OR: changed.map((c) => ({ unitId: c.unitId, criterionId: c.criterionId })) },
    });
    await tx.assessmentScore.createMany({
      data: changed
        .filter((c) => c.score != null)
        .map((c) => ({
          roundId: round.id,
          unitId: c.unitId,
          criterionId: c.criterionId,
          ratio: null,
          score: manualScore(manual.get(c.criterionId)!.maxScore, c.score!),
          comment: c.comment,
          updatedById: p.actorId,
        })),
    });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.scores_saved',
      entityType: 'AssessmentRound',
      entityId: round.id,
      summary: `录入${label(p)}人工评分 ${changed.length} 项`,
      ip: p.ip,
    });
    return changed.length;
  });
}

/** Publishes the quarter: branches and every reader see its results, and the sheet becomes read-only. */
export async function publishRound(db: Db, p: RoundRef) {
  await db.$transaction(async (tx) => {
    const round = await tx.assessmentRound.findUnique({
      where: { schemeId_quarter: { schemeId: p.scheme.id, quarter: p.quarter } },
      select: { id: true, status: true, _count: { select: { scores: true } } },
    });
    if (!round || !round._count.scores)
      throw new ValidationError({ _form: '本季度还没有评分，不能发布；请先计算自动考核项并录入人工评分' });
    // conditional on still being a draft: of simultaneous clicks only the first publishes (and is audited)
    const moved = await tx.assessmentRound.updateMany({
      where: { id: round.id, status: 'DRAFT' },
      data: { status: 'PUBLISHED', publishedAt: new Date(), publishedById: p.actorId },
    });
    if (round.status === 'PUBLISHED' || !moved.count) throw new ValidationError({ _form: '本季度考核结果已经发布' });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.published',
      entityType: 'AssessmentRound',
      entityId: round.id,
      summary: `发布${label(p)}考核结果`,
      ip: p.ip,
    });
  });
}

/** Takes the quarter back to draft so that it can be corrected; its results are hidden until published again. */
export async function reopenRound(db: Db, p: RoundRef) {
  await db.$transaction(async (tx) => {
    const round = await tx.assessmentRound.findUnique({
      where: { schemeId_quarter: { schemeId: p.scheme.id, quarter: p.quarter } },
      select: { id: true, status: true },
    });
    if (!round || round.status !== 'PUBLISHED') throw new ValidationError({ _form: '本季度考核结果尚未发布' });
    const moved = await tx.assessmentRound.updateMany({
      where: { id: round.id, status: 'PUBLISHED' },
      data: { status: 'DRAFT', publishedAt: null, publishedById: null },
    });
    if (!moved.count) throw new ValidationError({ _form: '本季度考核结果尚未发布' });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.reopened',
      entityType: 'AssessmentRound',
      entityId: round.id,
      summary: `撤回${label(p)}考核结果，重新评分`,
      ip: p.ip,
    });
  });
}
