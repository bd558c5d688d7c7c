import type { ServerResponse } from 'node:http';

/** Calls `fn` just before the response's headers are written, while it may still set some. */
export function beforeHeaders(res: ServerResponse, fn: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!res.headersSent) fn();
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
