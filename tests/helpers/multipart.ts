import { csrfOf, type Agent } from './app.js';

export interface Upload {
  name: string;
  data: Buffer;
  type?: string;
}

/**
 * Posts a multipart form the way the browser does: the CSRF token and fields first, the files (field
 * `attachments`) last. Nested fields are given flat (`fields[date]`), as the form names them.
 */
export async function postMultipart(agent: Agent, url: string, fields: Record<string, string | number>, files: Upload[] = []) {
  const token = await csrfOf(agent, '/me');
  let req = agent.post(url).field('_csrf', token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, String(v));
  for (const f of files) req = req.attach('attachments', f.data, { filename: f.name, contentType: f.type ?? 'application/octet-stream' });
  return req;
}

/** `{ date: … }` → `{ 'fields[date]': … }`, the names a record form posts. */
export function recordFields(fields: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`fields[${k}]`, v]));
}
