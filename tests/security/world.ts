import http from 'node:http';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { csrfOf, testApp, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/factories.js';
import { postMultipart } from '../helpers/multipart.js';
import { PDF } from '../files/fixtures.js';

/**
 * The people every route is tried with: nobody, an employee, a member of the branch, the branch's three officers,
 * the same three officers of another branch, the committee office and the platform administrator.
 */
export const ACTORS = ['anon', 'staff', 'member', 'info', 'org', 'sec', 'infoX', 'orgX', 'secX', 'office', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];
export type Person = Awaited<ReturnType<typeof makePerson>>;

let server: http.Server | undefined;

/** One listening server for the file's many requests (supertest otherwise starts and stops one per request). */
async function listening(): Promise<http.Server> {
  if (!server) {
    const s = http.createServer(testApp());
    await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
    server = s;
  }
  return server;
}

export async function closeServer(): Promise<void> {
  const s = server;
  server = undefined;
  if (s) await new Promise((done) => s.close(done));
}

/** A browser-like client of the shared server, with its own cookie jar. */
export async function anonymous(): Promise<Agent> {
  return request.agent(await listening()) as unknown as Agent;
}

/** Logs in through the form, as loginAs does, on the shared server. */
export async function loginAs(username: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = await anonymous();
  const token = await csrfOf(agent); // before the request is made: it takes the cookies the agent has then
  const res = await agent.post('/login').type('form').send({ _csrf: token, username, password });
  if (res.status !== 303) throw new Error(`login of ${username} failed with ${res.status}`);
  return agent;
}

/** Runs `tasks` with at most `n` at a time (the worker's database pool has five connections). */
export async function inPool<T>(tasks: (() => Promise<T>)[], n = 5): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, lane));
  return out;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
export const today = () => day(0);
export const inDays = day;

/** Posts a form as `agent` and insists that it was accepted (a redirect), returning where it went. */
async function submit(agent: Agent, url: string, body: Record<string, unknown>): Promise<string> {
  const token = await csrfOf(agent, '/me');
  const res = await agent
    .post(url)
    .type('form')
    .send({ _csrf: token, ...body });
  if (res.status !== 303)
    throw new Error(
      `fixture ${url} answered ${res.status}: ${[...res.text.matchAll(/class="[^"]*error[^"]*"[^>]*>([^<]+)/g)].map((m) => m[1]).join('；')}`,
    );
  return res.headers.location as string;
}

const idIn = (location: string, re: RegExp) => {
  const m = re.exec(location);
  if (!m) throw new Error(`no id in ${location}`);
  return Number(m[1]);
};

/**
 * A world in which every route has something to act on: a committee with a branch (and its party group) and
 * another branch, their people, a published page and record, a draft's attachment, a target, an inspection
 * with a finding and its countermeasure, a notice and a consultation addressed to the branch only, a member's
 * voice, an assessment scheme (of a far year, so no other test's year is touched), and an account and a unit
 * for the administrator's forms. Built through the application itself, as its users would.
 */
export async function buildWorld(opts: { year: number }) {
  const committee = await makeUnit({ kind: 'COMMITTEE', name: '安全测试党委' });
  const branch = await makeUnit({ parentId: committee.id, name: '安全测试第一党支部' });
  const other = await makeUnit({ parentId: committee.id, name: '安全测试第二党支部' });
  const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id, name: '安全测试第一党小组' });
  const victimUnit = await makeUnit({ parentId: committee.id, name: '安全测试待调整支部' });
  const officers = (unitId: number, role: 'INFO_OFFICER' | 'ORG_MEMBER' | 'SECRETARY') =>
    makePerson({
      roles: [
        { role, unitId },
        { role: 'MEMBER', unitId },
      ],
      homeUnitId: unitId,
    });
  const people: Record<Exclude<Actor, 'anon'>, Person> = {
    staff: await makePerson({ homeUnitId: branch.id }),
    member: await makePerson({ roles: [{ role: 'MEMBER', unitId: branch.id }], homeUnitId: group.id }),
    info: await officers(branch.id, 'INFO_OFFICER'),
    org: await officers(branch.id, 'ORG_MEMBER'),
    sec: await officers(branch.id, 'SECRETARY'),
    infoX: await officers(other.id, 'INFO_OFFICER'),
    orgX: await officers(other.id, 'ORG_MEMBER'),
    secX: await officers(other.id, 'SECRETARY'),
    office: await makePerson({ roles: [{ role: 'OFFICE' }] }),
    admin: await makePerson({ roles: [{ role: 'ADMIN' }] }),
  };
  const victim = await makePerson({ roles: [{ role: 'MEMBER', unitId: other.id }], homeUnitId: other.id, displayName: '安全测试被管理人' });
  const victimGrant = await testDb().roleGrant.findFirstOrThrow({ where: { personId: victim.id } });

  const sec = await loginAs(people.sec.username);
  const info = await loginAs(people.info.username);
  const office = await loginAs(people.office.username);
  const member = await loginAs(people.member.username);
  const B = `/units/${branch.code}`;

  // content: a published page, a published record, and a page whose only revision (with a file) awaits review
  await submit(sec, `${B}/modules/overview/edit`, { title: '支部概况', body: '<p>支委共五人。</p>', baseNumber: 0, intent: 'publish' });
  const page = await testDb().contentItem.findFirstOrThrow({ where: { unitId: branch.id, kind: 'PAGE' } });
  const recordUrl = await submit(sec, `${B}/modules/news/records`, {
    baseNumber: 0,
    intent: 'publish',
    fields: { date: today(), headline: '支部开展主题党日活动', body: '全体党员参加。' },
  });
  const recordId = idIn(recordUrl, /\/records\/(\d+)$/);
  const draft = await postMultipart(
    info,
    `${B}/modules/plan/edit`,
    { title: '年度工作计划', body: '<p>草稿</p>', baseNumber: 0, intent: 'submit' },
    [{ name: '计划.pdf', data: PDF, type: 'application/pdf' }],
  );
  if (draft.status !== 303) throw new Error(`fixture draft upload answered ${draft.status}`);
  const attachment = await testDb().attachment.findFirstOrThrow({ where: { unitId: branch.id, uploadedById: people.info.id } });
  const published = await postMultipart(
    sec,
    `${B}/modules/rules/edit`,
    { title: '制度职责', body: '<p>制度</p>', baseNumber: 0, intent: 'publish' },
    [{ name: '制度.pdf', data: PDF, type: 'application/pdf' }],
  );
  if (published.status !== 303) throw new Error(`fixture published upload answered ${published.status}`);
  const publishedAttachment = await testDb().attachment.findFirstOrThrow({ where: { unitId: branch.id, uploadedById: people.sec.id } });
  const draftRecordUrl = await submit(info, `${B}/modules/news/records`, {
    baseNumber: 0,
    intent: 'submit',
    fields: { date: today(), headline: '待审核的动态', body: '尚未发布。' },
  });
  const draftRecordId = idIn(draftRecordUrl, /\/records\/(\d+)$/);

  // the board, an inspection with a finding (which opens the branch's countermeasure)
  const year = new Date().getUTCFullYear();
  await submit(sec, `${B}/board/targets`, {
    year,
    kind: 'MUST',
    title: '三会一课按时召开率',
    measure: '按时召开次数/应召开次数',
    uom: '%',
    direction: 'HIGHER',
    targetValue: '100',
    period: 'MONTHLY',
  });
  const target = await testDb().target.findFirstOrThrow({ where: { unitId: branch.id } });
  const inspectionUrl = await submit(office, '/inspections', {
    unit: branch.code,
    visitDate: today(),
    inspectors: '党务室',
    scope: '三会一课',
  });
  const inspectionId = idIn(inspectionUrl, /\/inspections\/(\d+)$/);
  await submit(office, `${inspectionUrl}/findings`, { text: '党小组会记录不全', severity: 'MAJOR', dueDate: inDays(14) });
  const countermeasure = await testDb().countermeasure.findFirstOrThrow({ where: { unitId: branch.id, source: 'FINDING' } });

  // addressed to the branch only: a notice (acknowledgement asked) and a consultation (ALL of a branch: its people); a member's voice
  const noticeUrl = await submit(sec, '/notices', {
    unit: branch.code,
    title: '关于开展专项自查的通知',
    issuer: branch.name,
    body: '请于月底前完成自查。',
    audience: 'UNITS',
    units: String(branch.id),
    ackRequired: 'on',
    ackDeadline: inDays(7),
    intent: 'publish',
  });
  const noticeId = idIn(noticeUrl, /\/notices\/(\d+)$/);
  const draftNoticeUrl = await submit(sec, '/notices', {
    unit: branch.code,
    title: '尚未发布的通知',
    issuer: branch.name,
    body: '草稿。',
    audience: 'UNITS',
    units: String(branch.id),
    intent: 'draft',
  });
  const draftNoticeId = idIn(draftNoticeUrl, /\/notices\/(\d+)$/);
  const consultationUrl = await submit(sec, '/consultations', {
    unit: branch.code,
    title: '关于支部活动安排的意见',
    description: '请提出建议。',
    audience: 'ALL',
    startDate: today(),
    endDate: inDays(14),
  });
  const consultationId = idIn(consultationUrl, /\/consultations\/(\d+)$/);
  const voiceUrl = await submit(member, '/voices', {
    unit: branch.code,
    category: 'SUGGESTION',
    title: '建议增加学习资料',
    body: '希望多一些案例。',
  });
  const voiceId = idIn(voiceUrl, /\/voices\/(\d+)$/);

  // an assessment scheme with one hand-scored criterion
  await submit(office, `/assessment/${opts.year}/scheme`, { note: '' });
  await submit(office, `/assessment/${opts.year}/criteria`, { title: '基础工作', method: 'MANUAL', weight: '10', maxScore: '10' });
  const scheme = await testDb().assessmentScheme.findUniqueOrThrow({ where: { year: opts.year }, include: { criteria: true } });

  // a knowledge article, and the branch's featured work as the exchange shows it
  const article = await testDb().article.create({
    data: {
      category: 'GUIDES',
      title: '发展党员工作流程',
      body: '<p>流程</p>',
      bodyText: '流程',
      headNumber: 1,
      createdById: people.office.id,
      updatedById: people.office.id,
    },
  });
  await testDb().articleRevision.create({
    data: { articleId: article.id, number: 1, title: article.title, category: 'GUIDES', body: article.body, authorId: people.office.id },
  });
  const featuredUrl = await submit(sec, `${B}/modules/featured/records`, {
    baseNumber: 0,
    intent: 'publish',
    fields: { date: today(), headline: '党员责任区', practice: '划分责任区。', results: '质量提升。', experience: '坚持。' },
  });
  const featuredId = idIn(featuredUrl, /\/records\/(\d+)$/);

  // the administrator's kept import preview (an empty workbook: applying it has nothing to do)
  const importToken = `world-${randomUUID()}`;
  const none = { unitsCreate: 0, unitsChange: 0, unitsSame: 0, peopleCreate: 0, peopleChange: 0, peopleSame: 0 };
  await testDb().orgImport.create({
    data: {
      id: importToken,
      actorId: people.admin.id,
      fileName: '空.xlsx',
      sha256: '0',
      rows: { units: [], people: [], errors: [] },
      counts: none,
    },
  });

  const template = await testDb().siteTemplate.findUniqueOrThrow({ where: { key: 'branch' } });
  const moduleDef = await testDb().moduleDef.findFirstOrThrow({ where: { templateId: template.id, key: 'overview' } });

  return {
    committee,
    branch,
    other,
    group,
    victimUnit,
    people,
    victim,
    victimGrantId: victimGrant.id,
    pageId: page.id,
    recordId,
    draftRecordId,
    attachmentId: attachment.id,
    publishedAttachmentId: publishedAttachment.id,
    draftNoticeId,
    targetId: target.id,
    inspectionId,
    countermeasureId: countermeasure.id,
    noticeId,
    consultationId,
    voiceId,
    year: opts.year,
    schemeId: scheme.id,
    criterionId: scheme.criteria[0].id,
    templateId: template.id,
    moduleDefId: moduleDef.id,
    articleId: article.id,
    featuredId,
    importToken,
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/** One logged-in agent per actor (and a cookie-holding anonymous one), reused by every request. */
export async function agentsFor(w: World): Promise<Record<Actor, Agent>> {
  const entries = await inPool(
    ACTORS.map((a) => async () => [a, a === 'anon' ? await anonymous() : await loginAs(w.people[a].username)] as const),
  );
  return Object.fromEntries(entries) as Record<Actor, Agent>;
}

/** A target of its own for a route that uses one up (archiving). */
async function freshTarget(w: World) {
  const t = await testDb().target.create({
    data: {
      unitId: w.branch.id,
      year: new Date().getUTCFullYear(),
      kind: 'CHALLENGE',
      title: '一次性目标',
      measure: '次数',
      uom: '次',
      direction: 'HIGHER',
      targetValue: 1,
      stretchValue: 2,
      period: 'QUARTERLY',
    },
  });
  return t.id;
}

/** A comment of the member's on the featured work, for a route that uses one up (deleting, hiding). */
async function freshComment(w: World) {
  const c = await testDb().exchangeComment.create({ data: { itemId: w.featuredId, authorId: w.people.member.id, body: '学习了' } });
  return c.id;
}

/** A criterion of its own for a route that uses one up (retiring). */
async function freshCriterion(w: World) {
  const c = await testDb().assessmentCriterion.create({
    data: { schemeId: w.schemeId, title: '一次性考核内容', method: 'MANUAL', weight: 1, maxScore: 5, sortOrder: 99 },
  });
  return c.id;
}

export type UrlOf = (w: World) => string | Promise<string>;

/**
 * Where each route of the router is tried in this world. Keyed by `METHOD path` exactly as the router lists it,
 * so the tables of the security tests can be checked against the router: a new route needs a line here.
 */
export const ROUTE_URLS: Record<string, UrlOf> = {
  'GET /healthz': () => '/healthz',
  'GET /login': () => '/login',
  'POST /login': () => '/login',
  'POST /logout': () => '/logout',
  'GET /': () => '/',
  'GET /units': () => '/units',
  'GET /units/:code': (w) => `/units/${w.branch.code}`,
  'GET /units/:code/modules/:key': (w) => `/units/${w.branch.code}/modules/overview`,
  'GET /units/:code/modules/:key/edit': (w) => `/units/${w.branch.code}/modules/overview/edit`,
  'POST /units/:code/modules/:key/edit': (w) => `/units/${w.branch.code}/modules/overview/edit`,
  'GET /units/:code/modules/:key/records/new': (w) => `/units/${w.branch.code}/modules/news/records/new`,
  'POST /units/:code/modules/:key/records': (w) => `/units/${w.branch.code}/modules/news/records`,
  'GET /units/:code/modules/:key/records/:id': (w) => `/units/${w.branch.code}/modules/news/records/${w.recordId}`,
  'GET /units/:code/modules/:key/records/:id/edit': (w) => `/units/${w.branch.code}/modules/news/records/${w.recordId}/edit`,
  'POST /units/:code/modules/:key/records/:id/edit': (w) => `/units/${w.branch.code}/modules/news/records/${w.recordId}/edit`,
  'POST /units/:code/modules/:key/items/:id/submit': (w) => `/units/${w.branch.code}/modules/overview/items/${w.pageId}/submit`,
  'POST /units/:code/modules/:key/items/:id/publish': (w) => `/units/${w.branch.code}/modules/overview/items/${w.pageId}/publish`,
  'POST /units/:code/modules/:key/items/:id/send-back': (w) => `/units/${w.branch.code}/modules/overview/items/${w.pageId}/send-back`,
  'POST /units/:code/modules/:key/items/:id/take-down': (w) => `/units/${w.branch.code}/modules/overview/items/${w.pageId}/take-down`,
  'POST /units/:code/modules/:key/items/:id/restore': (w) => `/units/${w.branch.code}/modules/overview/items/${w.pageId}/restore`,
  'GET /units/:code/modules/:key/revisions': (w) => `/units/${w.branch.code}/modules/overview/revisions`,
  'GET /units/:code/modules/:key/records/:id/revisions': (w) => `/units/${w.branch.code}/modules/news/records/${w.recordId}/revisions`,
  'GET /attachments/:id': (w) => `/attachments/${w.attachmentId}`,

  'GET /admin': () => '/admin',
  'GET /admin/audit': () => '/admin/audit',
  'GET /admin/catalogue': () => '/admin/catalogue',
  'POST /admin/catalogue/:templateId/modules': (w) => `/admin/catalogue/${w.templateId}/modules`,
  'GET /admin/catalogue/modules/:id/edit': (w) => `/admin/catalogue/modules/${w.moduleDefId}/edit`,
  'POST /admin/catalogue/modules/:id': (w) => `/admin/catalogue/modules/${w.moduleDefId}`,
  'POST /admin/catalogue/modules/:id/move': (w) => `/admin/catalogue/modules/${w.moduleDefId}/move`,
  'POST /admin/catalogue/modules/:id/retire': (w) => `/admin/catalogue/modules/${w.moduleDefId}/retire`,
  'GET /admin/units': () => '/admin/units',
  'GET /admin/units/new': () => '/admin/units/new',
  'POST /admin/units': () => '/admin/units',
  'GET /admin/units/:id': (w) => `/admin/units/${w.victimUnit.id}`,
  'POST /admin/units/:id': (w) => `/admin/units/${w.victimUnit.id}`,
  'POST /admin/units/:id/archive': (w) => `/admin/units/${w.victimUnit.id}/archive`,
  'GET /admin/import': () => '/admin/import',
  'GET /admin/import/template.xlsx': () => '/admin/import/template.xlsx',
  'GET /admin/import/export.xlsx': () => '/admin/import/export.xlsx',
  'POST /admin/import': () => '/admin/import',
  'GET /admin/import/:token': (w) => `/admin/import/${w.importToken}`,
  'POST /admin/import/:token/apply': (w) => `/admin/import/${w.importToken}/apply`,
  'GET /admin/users': () => '/admin/users',
  'GET /admin/users/new': () => '/admin/users/new',
  'POST /admin/users': () => '/admin/users',
  'GET /admin/users/:id': (w) => `/admin/users/${w.victim.id}`,
  'POST /admin/users/:id': (w) => `/admin/users/${w.victim.id}`,
  'POST /admin/users/:id/active': (w) => `/admin/users/${w.victim.id}/active`,
  'POST /admin/users/:id/password': (w) => `/admin/users/${w.victim.id}/password`,
  'POST /admin/users/:id/unlock': (w) => `/admin/users/${w.victim.id}/unlock`,
  'POST /admin/users/:id/roles': (w) => `/admin/users/${w.victim.id}/roles`,
  'POST /admin/users/:id/roles/:grantId/revoke': (w) => `/admin/users/${w.victim.id}/roles/${w.victimGrantId}/revoke`,

  'GET /me': () => '/me',
  'POST /me/password': () => '/me/password',
  'GET /me/todo': () => '/me/todo',
  'GET /review': () => '/review',
  'GET /units/:code/changes': (w) => `/units/${w.branch.code}/changes`,
  'GET /units/:code/visit-sheet': (w) => `/units/${w.branch.code}/visit-sheet`,
  'GET /units/:code/org-life': (w) => `/units/${w.branch.code}/org-life`,
  'GET /units/:code/org-life/obligations': (w) => `/units/${w.branch.code}/org-life/obligations`,
  'POST /units/:code/org-life/obligations': (w) => `/units/${w.branch.code}/org-life/obligations`,
  'POST /units/:code/org-life/excuses': (w) => `/units/${w.branch.code}/org-life/excuses`,
  'GET /me/org-life': () => '/me/org-life',

  'GET /inspections': () => '/inspections',
  'GET /inspections/new': () => '/inspections/new',
  'POST /inspections': () => '/inspections',
  'GET /inspections/:id': (w) => `/inspections/${w.inspectionId}`,
  'POST /inspections/:id/findings': (w) => `/inspections/${w.inspectionId}/findings`,
  'POST /inspections/:id/notes': (w) => `/inspections/${w.inspectionId}/notes`,
  'POST /inspections/:id/close': (w) => `/inspections/${w.inspectionId}/close`,
  'GET /units/:code/pdca': (w) => `/units/${w.branch.code}/pdca`,
  'GET /units/:code/pdca/:id': (w) => `/units/${w.branch.code}/pdca/${w.countermeasureId}`,
  'POST /units/:code/pdca/:id/advance': (w) => `/units/${w.branch.code}/pdca/${w.countermeasureId}/advance`,
  'POST /units/:code/pdca/:id/close': (w) => `/units/${w.branch.code}/pdca/${w.countermeasureId}/close`,
  'POST /units/:code/pdca/:id/reopen': (w) => `/units/${w.branch.code}/pdca/${w.countermeasureId}/reopen`,

  'GET /units/:code/board': (w) => `/units/${w.branch.code}/board`,
  'GET /units/:code/board/print': (w) => `/units/${w.branch.code}/board/print`,
  'GET /units/:code/board.xlsx': (w) => `/units/${w.branch.code}/board.xlsx`,
  'GET /units/:code/board/targets/new': (w) => `/units/${w.branch.code}/board/targets/new`,
  'POST /units/:code/board/targets': (w) => `/units/${w.branch.code}/board/targets`,
  'GET /units/:code/board/targets/:id': (w) => `/units/${w.branch.code}/board/targets/${w.targetId}`,
  'GET /units/:code/board/targets/:id/edit': (w) => `/units/${w.branch.code}/board/targets/${w.targetId}/edit`,
  'POST /units/:code/board/targets/:id': (w) => `/units/${w.branch.code}/board/targets/${w.targetId}`,
  'POST /units/:code/board/targets/:id/archive': async (w) => `/units/${w.branch.code}/board/targets/${await freshTarget(w)}/archive`,
  'POST /units/:code/board/targets/:id/measurements': (w) => `/units/${w.branch.code}/board/targets/${w.targetId}/measurements`,
  'GET /units/:code/board/report': (w) => `/units/${w.branch.code}/board/report`,
  'POST /units/:code/board/report': (w) => `/units/${w.branch.code}/board/report`,
  'POST /units/:code/board/diagnosis': (w) => `/units/${w.branch.code}/board/diagnosis`,
  'POST /units/:code/board/evaluation': (w) => `/units/${w.branch.code}/board/evaluation`,

  'GET /notices': () => '/notices',
  'GET /notices/issued': (w) => `/notices/issued?unit=${w.branch.code}`,
  'GET /notices/new': (w) => `/notices/new?unit=${w.branch.code}`,
  'POST /notices': () => '/notices',
  'GET /notices/:id': (w) => `/notices/${w.noticeId}`,
  'GET /notices/:id/edit': (w) => `/notices/${w.noticeId}/edit`,
  'POST /notices/:id/edit': (w) => `/notices/${w.noticeId}/edit`,
  'POST /notices/:id/publish': (w) => `/notices/${w.noticeId}/publish`,
  'POST /notices/:id/withdraw': (w) => `/notices/${w.noticeId}/withdraw`,
  'POST /notices/:id/remind': (w) => `/notices/${w.noticeId}/remind`,
  'POST /notices/:id/acknowledge': (w) => `/notices/${w.noticeId}/acknowledge`,
  'GET /notices/:id/receipts': (w) => `/notices/${w.noticeId}/receipts`,
  'GET /notices/:id/receipts.xlsx': (w) => `/notices/${w.noticeId}/receipts.xlsx`,

  'GET /voices': () => '/voices',
  'GET /voices/new': () => '/voices/new',
  'POST /voices': () => '/voices',
  'GET /voices/mine': () => '/voices/mine',
  'GET /voices/public': () => '/voices/public',
  'GET /voices/stats': () => '/voices/stats',
  'GET /voices/:id': (w) => `/voices/${w.voiceId}`,
  'POST /voices/:id/answer': (w) => `/voices/${w.voiceId}/answer`,
  'POST /voices/:id/publish': (w) => `/voices/${w.voiceId}/publish`,
  'POST /voices/:id/reply': (w) => `/voices/${w.voiceId}/reply`,
  'POST /voices/:id/consent': (w) => `/voices/${w.voiceId}/consent`,
  'GET /units/:code/voices': (w) => `/units/${w.branch.code}/voices`,

  'GET /consultations': () => '/consultations',
  'GET /consultations/new': (w) => `/consultations/new?unit=${w.branch.code}`,
  'POST /consultations': () => '/consultations',
  'GET /consultations/:id': (w) => `/consultations/${w.consultationId}`,
  'POST /consultations/:id/opinion': (w) => `/consultations/${w.consultationId}/opinion`,
  'POST /consultations/:id/summary': (w) => `/consultations/${w.consultationId}/summary`,

  'GET /assessment': () => '/assessment',
  'GET /assessments': () => '/assessments',
  'GET /assessment/:year/ranking.xlsx': (w) => `/assessment/${w.year}/ranking.xlsx`,
  'GET /assessment/:year/q/:quarter': (w) => `/assessment/${w.year}/q/1`,
  'GET /assessment/:year/q/:quarter/export.xlsx': (w) => `/assessment/${w.year}/q/1/export.xlsx`,
  'POST /assessment/:year/q/:quarter/compute': (w) => `/assessment/${w.year}/q/1/compute`,
  'POST /assessment/:year/q/:quarter/scores': (w) => `/assessment/${w.year}/q/1/scores`,
  'POST /assessment/:year/q/:quarter/publish': (w) => `/assessment/${w.year}/q/1/publish`,
  'POST /assessment/:year/q/:quarter/reopen': (w) => `/assessment/${w.year}/q/1/reopen`,
  'GET /assessment/:year/scheme': (w) => `/assessment/${w.year}/scheme`,
  'POST /assessment/:year/scheme': (w) => `/assessment/${w.year}/scheme`,
  'POST /assessment/:year/criteria': (w) => `/assessment/${w.year}/criteria`,
  'POST /assessment/:year/criteria/:id': (w) => `/assessment/${w.year}/criteria/${w.criterionId}`,
  'POST /assessment/:year/criteria/:id/retire': async (w) => `/assessment/${w.year}/criteria/${await freshCriterion(w)}/retire`,
  'GET /search': () => '/search?q=党',
  // statistics of a quarter that has not ended (the office may open it; computing it is refused with a message)
  'GET /stats': () => '/stats',
  'GET /stats/units/:code': (w) => `/stats/units/${w.branch.code}`,
  'GET /stats/:year/:quarter.xlsx': (w) => `/stats/${w.year}/1.xlsx`,
  'GET /stats/:year/:quarter': (w) => `/stats/${w.year}/1`,
  'POST /stats/:year/:quarter/compute': (w) => `/stats/${w.year}/1/compute`,
  'POST /stats/:year/:quarter/rate': (w) => `/stats/${w.year}/1/rate`,
  'POST /stats/:year/:quarter/publish': (w) => `/stats/${w.year}/1/publish`,
  'GET /knowledge': () => '/knowledge?q=流程',
  'GET /knowledge/new': () => '/knowledge/new',
  'POST /knowledge': () => '/knowledge',
  'GET /knowledge/:id': (w) => `/knowledge/${w.articleId}`,
  'GET /knowledge/:id/edit': (w) => `/knowledge/${w.articleId}/edit`,
  'POST /knowledge/:id/edit': (w) => `/knowledge/${w.articleId}/edit`,
  'GET /knowledge/:id/revisions': (w) => `/knowledge/${w.articleId}/revisions`,
  'POST /knowledge/:id/restore': (w) => `/knowledge/${w.articleId}/restore`,
  'GET /exchange': () => '/exchange',
  'GET /exchange/:id': (w) => `/exchange/${w.featuredId}`,
  'POST /exchange/:id/comments': (w) => `/exchange/${w.featuredId}/comments`,
  'POST /exchange/:id/comments/:commentId/delete': async (w) => `/exchange/${w.featuredId}/comments/${await freshComment(w)}/delete`,
  'POST /exchange/:id/comments/:commentId/hide': async (w) => `/exchange/${w.featuredId}/comments/${await freshComment(w)}/hide`,
  'POST /exchange/:id/useful': (w) => `/exchange/${w.featuredId}/useful`,
  // members' party affairs (issue 19): the appraisal year has no round in this world
  'GET /units/:code/dues': (w) => `/units/${w.branch.code}/dues`,
  'POST /units/:code/dues': (w) => `/units/${w.branch.code}/dues`,
  'GET /units/:code/dues.xlsx': (w) => `/units/${w.branch.code}/dues.xlsx`,
  'POST /units/:code/dues/import': (w) => `/units/${w.branch.code}/dues/import`,
  'GET /units/:code/dues/bases': (w) => `/units/${w.branch.code}/dues/bases`,
  'POST /units/:code/dues/bases': (w) => `/units/${w.branch.code}/dues/bases`,
  'GET /dues/rates': () => '/dues/rates',
  'POST /dues/rates': () => '/dues/rates',
  'POST /dues/rates/new': () => '/dues/rates/new',
  // the only 0.2-yuan line: removing it is always refused, so the worker's shared rate table stays whole
  'POST /dues/rates/:id/delete': async () =>
    `/dues/rates/${(await testDb().duesRate.findFirstOrThrow({ where: { category: 'LOW_INCOME' }, select: { id: true } })).id}/delete`,
  'GET /me/dues': () => '/me/dues',
  'GET /units/:code/recruitment': (w) => `/units/${w.branch.code}/recruitment`,
  'POST /units/:code/recruitment': (w) => `/units/${w.branch.code}/recruitment`,
  'GET /units/:code/appraisals/:year': (w) => `/units/${w.branch.code}/appraisals/2090`,
  'POST /units/:code/appraisals/:year': (w) => `/units/${w.branch.code}/appraisals/2090`,
  'POST /units/:code/appraisals/:year/self': (w) => `/units/${w.branch.code}/appraisals/2090/self`,
  'GET /units/:code/appraisals/:year/ballot': (w) => `/units/${w.branch.code}/appraisals/2090/ballot`,
  'POST /units/:code/appraisals/:year/ballot': (w) => `/units/${w.branch.code}/appraisals/2090/ballot`,
  'POST /units/:code/appraisals/:year/final': (w) => `/units/${w.branch.code}/appraisals/2090/final`,
};

/**
 * The same routes at other addresses, written `route @where`: the committee (where the office acts as its
 * secretary), the branch's party group (where the branch's officers act), another branch's address with the
 * branch's record in it (which must not be found there), and records that are not public.
 */
export const VARIANT_URLS: Record<string, UrlOf> = {
  'GET /units/:code/modules/:key/edit @committee': (w) => `/units/${w.committee.code}/modules/overview/edit`,
  'GET /units/:code/board/targets/new @committee': (w) => `/units/${w.committee.code}/board/targets/new`,
  'GET /units/:code/board/targets/new @party-group': (w) => `/units/${w.group.code}/board/targets/new`,
  'GET /notices/new @committee': (w) => `/notices/new?unit=${w.committee.code}`,
  'GET /consultations/new @committee': (w) => `/consultations/new?unit=${w.committee.code}`,
  'GET /units/:code/voices @committee': (w) => `/units/${w.committee.code}/voices`,
  'GET /units/:code/modules/:key/records/:id/edit @other-branch': (w) => `/units/${w.other.code}/modules/news/records/${w.recordId}/edit`,
  'POST /units/:code/modules/:key/items/:id/publish @other-branch': (w) =>
    `/units/${w.other.code}/modules/overview/items/${w.pageId}/publish`,
  'POST /units/:code/board/targets/:id @other-branch': (w) => `/units/${w.other.code}/board/targets/${w.targetId}`,
  'POST /units/:code/pdca/:id/advance @other-branch': (w) => `/units/${w.other.code}/pdca/${w.countermeasureId}/advance`,
  'GET /units/:code/modules/:key/records/:id @draft': (w) => `/units/${w.branch.code}/modules/news/records/${w.draftRecordId}`,
  'GET /notices/:id @draft': (w) => `/notices/${w.draftNoticeId}`,
  'GET /attachments/:id @published': (w) => `/attachments/${w.publishedAttachmentId}`,
};

/** Routes whose success ends the agent's session: tried with an agent of their own. */
export const ENDS_SESSION = new Set(['POST /logout']);
