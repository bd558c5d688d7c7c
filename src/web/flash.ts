import type { NextFunction, Request, Response } from 'express';

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

/**
 * express-session stores a changed session while the response is already going out: a browser that follows the
 * redirect at once can load the next page before the queued message is saved, and the message is lost (seen in
 * the browser tests). So a redirect that leaves a message waits for the session to be saved first.
 */
export function saveFlashBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session?.flash?.length) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  }) as Response['redirect'];
  next();
}
