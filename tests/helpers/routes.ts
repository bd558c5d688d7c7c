import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  path: string;
  permission?: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: { permission?: string } }[] };
  handle: { stack?: Layer[] };
  name: string;
}

/** Every route of the app, from the router's own stack (so a new route cannot be missed), with its declared permission. */
export function listRoutes(app: Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const permission = layer.route.stack.map((l) => l.handle.permission).find(Boolean);
        for (const m of Object.keys(layer.route.methods)) out.push({ method: m.toUpperCase(), path: layer.route.path, permission });
      } else if (layer.name === 'router' && layer.handle.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
