/**
 * The session cookie of a response, alone: the benchmark's and the load test's people send only that one, leaving out
 * the "wrote moments ago" cookie (src/web/middleware/fresh-reads.ts) a browser drops after thirty seconds; the portal
 * must stay right without it.
 */
export function sessionCookie(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('djportal.sid='))
    ?.split(';')[0];
}
