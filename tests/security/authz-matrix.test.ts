import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, testApp, type Agent } from '../helpers/app.js';
import { listRoutes } from '../helpers/routes.js';
import {
  ACTORS,
  agentsFor,
  anonymous,
  buildWorld,
  closeServer,
  ENDS_SESSION,
  inPool,
  loginAs,
  ROUTE_URLS,
  VARIANT_URLS,
  type Actor,
  type World,
} from './world.js';
import { restoreCatalogue, snapshotCatalogue } from './catalogue-guard.js';

/**
 * Who gets what, for every route of the router, written down once. One letter per actor, in this order:
 *
 *   an = anonymous      st = employee (STAFF)      me = member of the branch (in its party group)
 *   in/or/se = information officer / organisation committee member / secretary of the branch
 *   iX/oX/sX = the same three of another branch     of = committee office     ad = platform administrator
 *
 *   Y  let through: the page, a redirect after success, or a form's 400 (the minimal body is often invalid)
 *   N  403, refused        L  303 to the login page        H  404: hidden, as if it did not exist (audience)
 *
 * The branch's notice and consultation are addressed to the branch only; the voice is the member's; the file
 * belongs to a draft that awaits review.
 */
const MATRIX: Record<string, string> = {
  //                                                              an st me in or se iX oX sX of ad
  'GET /healthz': 'Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /login': 'Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /login': 'Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /logout': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /me': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /me/password': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /me/todo': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',

  // unit sites and their content
  'GET /units': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/changes': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/modules/:key': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/modules/:key/edit': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'POST /units/:code/modules/:key/edit': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'GET /units/:code/modules/:key/revisions': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/modules/:key/records/new': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'POST /units/:code/modules/:key/records': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'GET /units/:code/modules/:key/records/:id': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/modules/:key/records/:id/edit': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'POST /units/:code/modules/:key/records/:id/edit': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'GET /units/:code/modules/:key/records/:id/revisions': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /units/:code/modules/:key/items/:id/submit': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'POST /units/:code/modules/:key/items/:id/publish': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/modules/:key/items/:id/send-back': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/modules/:key/items/:id/take-down': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /units/:code/modules/:key/items/:id/restore': 'L  N  N  Y  Y  Y  N  N  N  N  N',
  'GET /attachments/:id': 'L  N  N  Y  Y  Y  N  N  N  Y  N',

  // the policy-management board
  'GET /units/:code/board': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/board/print': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/board.xlsx': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/board/targets/new': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/board/targets': 'L  N  N  N  N  Y  N  N  N  N  N',
  'GET /units/:code/board/targets/:id': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/board/targets/:id/edit': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/board/targets/:id': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/board/targets/:id/archive': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/board/targets/:id/measurements': 'L  N  N  Y  Y  Y  N  N  N  Y  N',
  'GET /units/:code/board/report': 'L  N  N  Y  Y  Y  N  N  N  Y  N',
  'POST /units/:code/board/report': 'L  N  N  Y  Y  Y  N  N  N  Y  N',
  'POST /units/:code/board/diagnosis': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/board/evaluation': 'L  N  N  N  N  N  N  N  N  Y  N',

  // supervision: review, inspections, countermeasures, assessment
  'GET /review': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /units/:code/visit-sheet': 'L  N  N  N  N  N  N  N  N  Y  Y',
  // organisational life (issue 18): everyone reads what a branch owes; the office keeps the settings and excuses
  'GET /units/:code/org-life': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/org-life/obligations': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /units/:code/org-life/obligations': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /units/:code/org-life/excuses': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /me/org-life': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /inspections': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /inspections/new': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /inspections': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /inspections/:id': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /inspections/:id/findings': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /inspections/:id/notes': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /inspections/:id/close': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /units/:code/pdca': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/pdca/:id': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /units/:code/pdca/:id/advance': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/pdca/:id/close': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /units/:code/pdca/:id/reopen': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /assessment': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /assessments': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /assessment/:year/ranking.xlsx': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /assessment/:year/q/:quarter': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /assessment/:year/q/:quarter/export.xlsx': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/q/:quarter/compute': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/q/:quarter/scores': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/q/:quarter/publish': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/q/:quarter/reopen': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /assessment/:year/scheme': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/scheme': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/criteria': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/criteria/:id': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /assessment/:year/criteria/:id/retire': 'L  N  N  N  N  N  N  N  N  Y  Y',

  // notices issued by the branch's secretary, to the branch
  'GET /notices': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /notices/issued': 'L  N  N  N  N  Y  N  N  N  N  N',
  'GET /notices/new': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /notices': 'L  N  N  N  N  Y  N  N  N  N  N',
  'GET /notices/:id': 'L  Y  Y  Y  Y  Y  H  H  H  Y  H',
  'POST /notices/:id/acknowledge': 'L  Y  Y  Y  Y  Y  H  H  H  Y  H',
  'GET /notices/:id/edit': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /notices/:id/edit': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /notices/:id/publish': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /notices/:id/withdraw': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /notices/:id/remind': 'L  N  N  N  N  Y  N  N  N  N  N',
  'GET /notices/:id/receipts': 'L  N  N  N  N  Y  N  N  N  Y  N',
  'GET /notices/:id/receipts.xlsx': 'L  N  N  N  N  Y  N  N  N  Y  N',

  // voices (the member's letter to the branch) and the branch's consultation
  'GET /voices': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /voices/new': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /voices': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /voices/mine': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /voices/public': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /voices/stats': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /voices/:id': 'L  N  Y  N  N  Y  N  N  N  Y  N',
  'POST /voices/:id/answer': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /voices/:id/publish': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /voices/:id/reply': 'L  N  Y  N  N  N  N  N  N  N  N',
  'POST /voices/:id/consent': 'L  N  Y  N  N  N  N  N  N  N  N',
  'GET /units/:code/voices': 'L  N  N  N  N  Y  N  N  N  Y  N',
  'GET /consultations': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /consultations/new': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /consultations': 'L  N  N  N  N  Y  N  N  N  N  N',
  'GET /consultations/:id': 'L  Y  Y  Y  Y  Y  N  N  N  Y  N',
  'POST /consultations/:id/opinion': 'L  Y  Y  Y  Y  Y  N  N  N  Y  N',
  'POST /consultations/:id/summary': 'L  N  N  N  N  Y  N  N  N  N  N',

  // administration
  'GET /admin': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /admin/audit': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /admin/catalogue': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/catalogue/:templateId/modules': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/catalogue/modules/:id/edit': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/catalogue/modules/:id': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/catalogue/modules/:id/move': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/catalogue/modules/:id/retire': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/units': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/units/new': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/units': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/units/:id': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/units/:id': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/units/:id/archive': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/import': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/import/template.xlsx': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/import/export.xlsx': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/import': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/import/:token': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/import/:token/apply': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/users': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/users/new': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users': 'L  N  N  N  N  N  N  N  N  N  Y',
  'GET /admin/users/:id': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users/:id': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users/:id/active': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users/:id/password': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users/:id/unlock': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users/:id/roles': 'L  N  N  N  N  N  N  N  N  N  Y',
  'POST /admin/users/:id/roles/:grantId/revoke': 'L  N  N  N  N  N  N  N  N  N  Y',

  'GET /search': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /stats': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /stats/units/:code': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /stats/:year/:quarter.xlsx': 'L  H  H  H  H  H  H  H  H  H  H',
  'GET /stats/:year/:quarter': 'L  H  H  H  H  H  H  H  H  Y  Y',
  'POST /stats/:year/:quarter/compute': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /stats/:year/:quarter/rate': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /stats/:year/:quarter/publish': 'L  N  N  N  N  N  N  N  N  H  H',
  'GET /knowledge': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /knowledge/new': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /knowledge': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /knowledge/:id': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /knowledge/:id/edit': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'POST /knowledge/:id/edit': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /knowledge/:id/revisions': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /knowledge/:id/restore': 'L  N  N  N  N  N  N  N  N  Y  Y',
  'GET /exchange': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /exchange/:id': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /exchange/:id/comments': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /exchange/:id/comments/:commentId/delete': 'L  N  Y  N  N  N  N  N  N  N  N',
  'POST /exchange/:id/comments/:commentId/hide': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /exchange/:id/useful': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',

  // members' party affairs: the secretary, the 组织委员 and the office; the appraisal's year has no round
  'GET /units/:code/dues': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'POST /units/:code/dues': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'GET /units/:code/dues.xlsx': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'POST /units/:code/dues/import': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'GET /units/:code/dues/bases': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'POST /units/:code/dues/bases': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'GET /dues/rates': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'POST /dues/rates': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /dues/rates/new': 'L  N  N  N  N  N  N  N  N  Y  N',
  'POST /dues/rates/:id/delete': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /me/dues': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
  'GET /units/:code/recruitment': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'POST /units/:code/recruitment': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'GET /units/:code/appraisals/:year': 'L  N  N  N  Y  Y  N  N  N  Y  N',
  'POST /units/:code/appraisals/:year': 'L  N  N  N  N  Y  N  N  N  N  N',
  'POST /units/:code/appraisals/:year/self': 'L  H  H  H  H  H  H  H  H  H  H',
  'GET /units/:code/appraisals/:year/ballot': 'L  H  H  H  H  H  H  H  H  H  H',
  'POST /units/:code/appraisals/:year/ballot': 'L  H  H  H  H  H  H  H  H  H  H',
  'POST /units/:code/appraisals/:year/final': 'L  N  N  N  N  H  N  N  N  N  N',

  // the same routes elsewhere (see VARIANT_URLS)
  'GET /units/:code/modules/:key/edit @committee': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /units/:code/board/targets/new @committee': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /units/:code/board/targets/new @party-group': 'L  N  N  N  N  Y  N  N  N  N  N',
  'GET /notices/new @committee': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /consultations/new @committee': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /units/:code/voices @committee': 'L  N  N  N  N  N  N  N  N  Y  N',
  'GET /units/:code/modules/:key/records/:id/edit @other-branch': 'H  H  H  H  H  H  H  H  H  H  H',
  'POST /units/:code/modules/:key/items/:id/publish @other-branch': 'H  H  H  H  H  H  H  H  H  H  H',
  'POST /units/:code/board/targets/:id @other-branch': 'H  H  H  H  H  H  H  H  H  H  H',
  'POST /units/:code/pdca/:id/advance @other-branch': 'H  H  H  H  H  H  H  H  H  H  H',
  'GET /units/:code/modules/:key/records/:id @draft': 'L  H  H  Y  Y  Y  H  H  H  Y  H',
  'GET /notices/:id @draft': 'L  H  H  H  H  Y  H  H  H  Y  H',
  'GET /attachments/:id @published': 'L  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y',
};

/** Forms that name the unit they act for: the minimal body names the branch, so the answer is about the branch. */
const SCOPE_BODY: Record<string, (w: World) => Record<string, string>> = {
  'POST /notices': (w) => ({ unit: w.branch.code }),
  'POST /consultations': (w) => ({ unit: w.branch.code }),
};

const URLS = { ...ROUTE_URLS, ...VARIANT_URLS };

type Outcome = 'Y' | 'N' | 'L' | 'H' | 'E';

function outcomeOf(res: { status: number; headers: Record<string, string> }): Outcome {
  if (res.status >= 500) return 'E';
  if (res.status === 403) return 'N';
  if (res.status === 404) return 'H';
  if (res.status === 303 && String(res.headers.location).startsWith('/login?returnTo=')) return 'L';
  return 'Y';
}

const expectedRow = (row: string): Record<Actor, Outcome> => {
  const letters = row.trim().split(/\s+/) as Outcome[];
  if (letters.length !== ACTORS.length || letters.some((l) => !'YNLH'.includes(l))) throw new Error(`bad matrix row: ${row}`);
  return Object.fromEntries(ACTORS.map((a, i) => [a, letters[i]])) as Record<Actor, Outcome>;
};

describe('the authorization matrix: every route, every kind of person', () => {
  const routes = listRoutes(testApp()).map((r) => `${r.method} ${r.path}`);
  let w: World;
  let agents: Record<Actor, Agent>;
  const tokens = {} as Record<Actor, string>;
  let catalogue: Awaited<ReturnType<typeof snapshotCatalogue>>;

  beforeAll(async () => {
    catalogue = await snapshotCatalogue();
    w = await buildWorld({ year: 2093 });
    agents = await agentsFor(w);
    for (const a of ACTORS) tokens[a] = await csrfOf(agents[a], a === 'anon' ? '/login' : '/me');
  });
  afterAll(async () => {
    await closeServer();
    await restoreCatalogue(catalogue);
  });

  it('has exactly one row for every route of the router, and a place to try it', () => {
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(routes.filter((r) => !(r in ROUTE_URLS))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r.split(' @')[0]) || !(r in URLS))).toEqual([]);
    for (const row of Object.values(MATRIX)) expectedRow(row);
  });

  it('answers every route for every actor as the matrix says', async () => {
    const wrong: string[] = [];
    const attempt = (route: string, actor: Actor, expected: Outcome) => async () => {
      let agent = agents[actor];
      let token = tokens[actor];
      if (ENDS_SESSION.has(route)) {
        agent = actor === 'anon' ? await anonymous() : await loginAs(w.people[actor].username);
        token = await csrfOf(agent, actor === 'anon' ? '/login' : '/me');
      }
      const url = await URLS[route](w);
      const res = route.startsWith('GET ')
        ? await agent.get(url)
        : await agent
            .post(url)
            .type('form')
            .send({ _csrf: token, ...(SCOPE_BODY[route]?.(w) ?? {}) });
      const got = outcomeOf(res);
      if (got !== expected)
        wrong.push(`${route} as ${actor}: expected ${expected}, got ${got} (${res.status} ${res.headers.location ?? ''})`);
    };
    // Pages first, all at once; then each form: the refusals at once, and those let through one after the other,
    // so that a change made by one (archive, close, publish) cannot hide a refusal behind a 404.
    const rows = [...routes, ...Object.keys(VARIANT_URLS)];
    const expected = Object.fromEntries(rows.map((r) => [r, expectedRow(MATRIX[r] ?? '')]));
    const gets = rows.filter((r) => r.startsWith('GET '));
    await inPool(gets.flatMap((r) => ACTORS.map((a) => attempt(r, a, expected[r][a]))));
    for (const r of rows.filter((x) => !x.startsWith('GET '))) {
      await inPool(ACTORS.filter((a) => expected[r][a] !== 'Y').map((a) => attempt(r, a, expected[r][a])));
      for (const a of ACTORS.filter((x) => expected[r][x] === 'Y')) await attempt(r, a, 'Y')();
    }
    expect(wrong.sort()).toEqual([]);
  }, 180_000);
});
