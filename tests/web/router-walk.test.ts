import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/domain/authz/permissions.js';
import { testApp } from '../helpers/app.js';
import { listRoutes } from '../helpers/routes.js';

describe('every route declares its permission', () => {
  const routes = listRoutes(testApp());

  it('finds the routes of the app', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('GET /units/:code');
  });

  it('has a declared permission (or public) on every route', () => {
    const missing = routes.filter((r) => !r.permission).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('uses only permissions from the catalogue', () => {
    const unknown = routes.filter((r) => r.permission && r.permission !== 'public' && !(r.permission in PERMISSIONS));
    expect(unknown).toEqual([]);
  });

  it('lets only the login, logout-free pages and the health check be public', () => {
    const open = routes.filter((r) => r.permission === 'public').map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual(['GET /healthz', 'GET /login', 'POST /login']);
  });
});
