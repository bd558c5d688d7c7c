import { csrfOf, type Agent } from '../helpers/app.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';

/** A committee with two branches and their people (makeBranchWorld), plus a party group of the branch with one member in it. */
export async function noticeWorld() {
  const w = await makeBranchWorld();
  const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: `${w.branch.name}第一党小组` });
  const groupMember = await makePerson({
    roles: [{ role: 'MEMBER', unitId: w.branch.id }],
    homeUnitId: group.id,
    displayName: `小组党员${group.code.slice(-4)}`,
  });
  const groupLeader = await makePerson({ roles: [{ role: 'SECRETARY', unitId: group.id }], homeUnitId: group.id });
  return { ...w, group, groupMember, groupLeader };
}

export type NoticeWorld = Awaited<ReturnType<typeof noticeWorld>>;

/** Posts the notice form as `agent` for the unit `unitCode`; published unless `intent: 'draft'` is given. */
export async function issue(agent: Agent, unitCode: string, fields: Record<string, unknown> = {}) {
  return agent
    .post('/notices')
    .type('form')
    .send({
      _csrf: await csrfOf(agent, '/me'),
      unit: unitCode,
      title: '关于开展“三会一课”专项检查的通知',
      docNumber: '十部党发〔2026〕12号',
      issuer: '中共十堰部件厂委员会',
      body: '各党支部：\n\n请于本月底前完成自查。',
      audience: 'ALL',
      intent: 'publish',
      ...fields,
    });
}

/** The id of the notice a successful submit redirected to. */
export function noticeIdOf(res: { status: number; headers: Record<string, string>; text: string }): number {
  const m = /^\/notices\/(\d+)$/.exec(res.headers.location ?? '');
  if (res.status !== 303 || !m)
    throw new Error(`expected a redirect to a notice, got ${res.status} ${res.headers.location ?? ''} ${res.text.slice(0, 300)}`);
  return Number(m[1]);
}

/** Posts a form with the agent's CSRF token. */
export async function post(agent: Agent, url: string, body: Record<string, unknown> = {}) {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, '/me'), ...body });
}

/** A date `days` from today, as the form sends it. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
