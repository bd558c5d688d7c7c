/** The session cookie of a response, alone (the benchmark's and the load test's people send only that one). */
export function sessionCookie(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('djportal.sid='))
    ?.split(';')[0];
}
