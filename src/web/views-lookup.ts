import fs from 'node:fs';
import path from 'node:path';

/**
 * EJS looks up every `include()` on disk with `fs.existsSync` at every render, even with its template cache on:
 * a page with a dozen includes made a dozen file-system calls per request (a few per cent of a page's time).
 * Templates do not appear or vanish while the portal runs (a deployment restarts it), so the answers for files
 * under the views folder are remembered; every other path goes to the file system as before.
 */
export function rememberViewLookups(viewsDir: string): void {
  const root = path.resolve(viewsDir) + path.sep;
  const existsSync = fs.existsSync as typeof fs.existsSync & { viewsRemembered?: boolean };
  if (existsSync.viewsRemembered) return;
  const known = new Map<string, boolean>();
  const remembering = ((p: fs.PathLike) => {
    if (typeof p !== 'string' || !p.startsWith(root)) return existsSync(p);
    let found = known.get(p);
    if (found === undefined) known.set(p, (found = existsSync(p)));
    return found;
  }) as typeof fs.existsSync & { viewsRemembered?: boolean };
  remembering.viewsRemembered = true;
  fs.existsSync = remembering;
}
