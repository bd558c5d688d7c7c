/** The session cookie of a response, alone (the benchmark's and the load test's people send only that one). */
export function sessionCookie(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('djportal.sid='))
    ?.split(';')[0];
}

/** Every cookie a response sets, as a Cookie header (the login page's: a visitor's CSRF cookies, without a session). */
export function allCookies(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
