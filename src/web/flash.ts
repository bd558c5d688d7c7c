import type { Request } from 'express';

/** Queues a message for the next page this session sees (post-redirect-get). */
export function flash(req: Request, type: 'success' | 'error' | 'info', text: string): void {
  (req.session.flash ??= []).push({ type, text });
}

/** Takes the queued messages, leaving none behind. */
export function takeFlash(req: Request) {
  const messages = req.session?.flash ?? [];
  if (messages.length) delete req.session.flash;
  return messages;
}
