import { randomInt } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import { MAX_ID } from '../../lib/ids.js';

/**
 * What keeps an anonymous voice's writer from being inferred by its recipients (issue 16.3). The exact moment of
 * writing is kept only in the audit log, which shows it to the platform administrator alone; the voice itself keeps
 * the day (so its shown time, list order and response times cannot be lined up with logins or other activity), and
 * its id is drawn at random from the top of the id range (so it cannot be placed between its neighbours' ids).
 */
export function writtenOn(now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

const RANDOM_FROM = 1_000_000_000;

/** An unused voice id that says nothing about when the voice was written. */
export async function randomVoiceId(tx: Pick<Prisma.TransactionClient, 'voice'>): Promise<number> {
  for (;;) {
    const id = randomInt(RANDOM_FROM, MAX_ID);
    if (!(await tx.voice.findUnique({ where: { id }, select: { id: true } }))) return id;
  }
}
