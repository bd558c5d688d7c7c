import { can, type SessionUser, type UnitScope } from '../authz/can.js';

interface VoiceRef {
  authorId: number;
  publishedAt: Date | null;
}

/** The person who wrote the voice (who sees their own voice, replies once, and gives or withdraws consent). */
export function isWriter(user: SessionUser | undefined, voice: VoiceRef): boolean {
  return !!user && user.id === voice.authorId;
}

/**
 * Who may read a voice: its writer; the recipient unit's secretary (the office for the committee) and the
 * office for every unit; everyone once the recipient made it public with the writer's consent.
 */
export function mayReadVoice(user: SessionUser | undefined, voice: VoiceRef, unit: UnitScope): boolean {
  return isWriter(user, voice) || can(user, 'voice.inbox', unit) || (!!user && voice.publishedAt !== null);
}
