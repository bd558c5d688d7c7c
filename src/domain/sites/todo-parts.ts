import type { Db } from '../../db/client.js';
import type { SessionUser } from '../authz/can.js';
import { noticesToAcknowledge } from '../notices/notices.todo.js';
import { answeredVoices, voicesToAnswer } from '../voices/voices.todo.js';
import { recruitmentSteps } from '../recruitment/recruitment.todo.js';
import { myDrafts } from './drafts.todo.js';
import { orgLifeToDo } from '../orglife/orglife.signals.js';

/** One thing waiting for a person outside the content review: a notice to acknowledge, a voice to answer or read, a draft. */
export interface TodoLine {
  text: string;
  href: string;
  /** Where it comes from or where it is addressed (a unit, an issuer). */
  from: string;
  at: Date | null;
  /** A deadline or a remark, already worded. */
  note: string;
  /** Its deadline has passed: flagged 已逾期. */
  overdue?: boolean;
}

export interface TodoPart {
  id: string;
  title: string;
  hint: string;
  fromLabel: string;
  atLabel: string;
  lines: TodoLine[];
}

/** Each area that gives people something to do adds its source here; each answers in one query. */
export type TodoSource = (db: Db, user: SessionUser, limit: number) => Promise<TodoPart | null>;

export const TODO_SOURCES: TodoSource[] = [noticesToAcknowledge, voicesToAnswer, answeredVoices, orgLifeToDo, recruitmentSteps, myDrafts];

/** The parts that have something in them, in the registry's order. */
export async function todoParts(db: Db, user: SessionUser, limit: number): Promise<TodoPart[]> {
  const parts = await Promise.all(TODO_SOURCES.map((s) => s(db, user, limit)));
  return parts.filter((p): p is TodoPart => !!p && p.lines.length > 0);
}
