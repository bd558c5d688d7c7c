import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { coldGet, anonymous, csrfOf, loginAs, sqlQueries, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';

const HIDDEN = '名册仅本支部委员和党委办公室可见';
const daysAgo = (n: number) => dayjs().subtract(n, 'day').format('YYYY-MM-DD');
const day = (s: string) => new Date(`${s}T00:00:00Z`);

async function post(agent: Agent, url: string, body: Record<string, unknown>) {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, '/me'), ...body });
}

/** A branch world with a party group, a group leader, and people at several stages of recruitment. */
async function rosterWorld() {
  const w = await makeBranchWorld();
  const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: '测试第一党小组' });
  const leader = await makePerson({
    displayName: '组长甲',
    roles: [
      { role: 'SECRETARY', unitId: group.id },
      { role: 'MEMBER', unitId: w.branch.id },
    ],
    homeUnitId: group.id,
    partyStatus: 'FULL',
  });
  const groupMember = await makePerson({ displayName: '小组党员乙', homeUnitId: group.id, partyStatus: 'FULL' });
  const applicant = await makePerson({ displayName: '申请人丙', homeUnitId: w.branch.id, partyStatus: 'APPLICANT' });
  const activist = await makePerson({ displayName: '积极分子丁', homeUnitId: group.id, partyStatus: 'ACTIVIST' });
  const masses = await makePerson({ displayName: '群众戊', homeUnitId: w.branch.id, partyStatus: 'MASSES' });
  const outsider = await makePerson({ displayName: '外支部己', homeUnitId: w.other.id, partyStatus: 'ACTIVIST' });
  await testDb().recruitmentStep.createMany({
    data: [
      {
        personId: applicant.id,
        unitId: w.branch.id,
        stage: 'APPLICANT',
        reachedOn: day(daysAgo(100)),
        note: '递交入党申请书',
        recordedById: w.orgMember.id,
      },
      { personId: activist.id, unitId: w.branch.id, stage: 'APPLICANT', reachedOn: day(daysAgo(500)), recordedById: w.orgMember.id },
      { personId: activist.id, unitId: w.branch.id, stage: 'ACTIVIST', reachedOn: day(daysAgo(200)), recordedById: w.orgMember.id },
    ],
  });
  return {
    ...w,
    group,
    leader,
    groupMember,
    applicant,
    activist,
    masses,
    outsider,
    members: `/units/${w.branch.code}/modules/members`,
    recruitment: `/units/${w.branch.code}/modules/recruitment`,
    pipeline: `/units/${w.branch.code}/recruitment`,
  };
}

describe('ROSTER modules (党员名册, 发展党员)', () => {
  it('sends anonymous visitors to the login page', async () => {
    const w = await rosterWorld();
    const res = await anonymous().get(w.members);
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/login');
  });

  it('tells members, staff, other units and the administrator that the roster exists, without showing it', async () => {
    const w = await rosterWorld();
    for (const who of [w.member, w.staff, w.otherSecretary, w.admin, w.leader]) {
      const res = await (await loginAs(who.username)).get(w.members);
      expect(res.status).toBe(200);
      expect(res.text).toContain(HIDDEN);
      expect(res.text).not.toContain('申请人丙');
      expect(res.text).not.toContain('小组党员乙');
    }
  });

  it('shows the unit’s people by party group, with party status and roles, to its officers and the office', async () => {
    const w = await rosterWorld();
    for (const who of [w.secretary, w.orgMember, w.infoOfficer, w.office]) {
      const res = await (await loginAs(who.username)).get(w.members);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(HIDDEN);
      expect(res.text).toContain('测试第一党小组');
      expect(res.text).toContain('小组党员乙');
      expect(res.text).toContain('群众戊');
      expect(res.text).not.toContain('外支部己');
    }
    const html = (await (await loginAs(w.orgMember.username)).get(w.members)).text;
    const leaderRow = html.slice(html.indexOf('组长甲'), html.indexOf('</tr>', html.indexOf('组长甲')));
    expect(leaderRow).toContain('正式党员');
    expect(leaderRow).toContain('党小组组长');
    const secRow = html.slice(html.indexOf(w.secretary.displayName), html.indexOf('</tr>', html.indexOf(w.secretary.displayName)));
    expect(secRow).toContain('支部书记');
  });

  it('shows each person on the way in with the date of every stage reached', async () => {
    const w = await rosterWorld();
    const res = await (await loginAs(w.secretary.username)).get(w.recruitment);
    expect(res.status).toBe(200);
    const table = res.text.slice(res.text.indexOf('发展党员进程'), res.text.indexOf('人员名册'));
    expect(table.length).toBeGreaterThan(0); // 发展党员 shows the pipeline first
    const row = table.slice(table.indexOf('积极分子丁'), table.indexOf('</tr>', table.indexOf('积极分子丁')));
    expect(row).toContain(daysAgo(500));
    expect(row).toContain(daysAgo(200));
    expect(row).toContain('发展对象'); // the next stage
    expect(table).toContain('递交入党申请书');
    expect(table).not.toContain('小组党员乙'); // full members without a recorded history are not in the pipeline
  });

  it('links the org member, the secretary and the office to the pipeline’s record form instead of a form of its own', async () => {
    const w = await rosterWorld();
    const link = `href="/units/${w.branch.code}/recruitment#record"`;
    for (const who of [w.orgMember, w.secretary, w.office]) {
      const agent = await loginAs(who.username);
      for (const url of [w.recruitment, w.members]) {
        const page = (await agent.get(url)).text;
        expect(page).toContain(`<a class="button" ${link}>在发展党员流程中记录</a>`);
        expect(page).not.toContain('记录发展阶段');
        expect(page).not.toContain('name="stage"');
      }
      expect((await agent.get(`/units/${w.branch.code}/recruitment`)).text).toContain('class="card" id="record"');
    }
    expect((await (await loginAs(w.infoOfficer.username)).get(w.recruitment)).text).not.toContain('在发展党员流程中记录');
  });

  it('no longer takes steps at the roster module’s old recording route', async () => {
    const w = await rosterWorld();
    const org = await loginAs(w.orgMember.username);
    for (const key of ['recruitment', 'members', 'overview']) {
      const res = await post(org, `/units/${w.branch.code}/modules/${key}/recruitment`, {
        personId: w.activist.id,
        stage: 'CANDIDATE',
        reachedOn: daysAgo(1),
      });
      expect(res.status, key).toBe(404);
    }
    expect(await testDb().recruitmentStep.count({ where: { personId: w.activist.id } })).toBe(2);
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.activist.id } })).partyStatus).toBe('ACTIVIST');
  });

  it('refuses recording on the pipeline to anonymous visitors, members, info officers, other units and on an archived unit', async () => {
    const w = await rosterWorld();
    const url = w.pipeline;
    const body = { personId: w.applicant.id, kind: 'ACTIVIST', on: daysAgo(1) };
    const visitor = anonymous();
    const token = await csrfOf(visitor);
    const anon = await visitor
      .post(url)
      .type('form')
      .send({ _csrf: token, ...body });
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toContain('/login');
    for (const who of [w.member, w.infoOfficer, w.otherSecretary, w.admin])
      expect((await post(await loginAs(who.username), url, body)).status).toBe(403);
    const org = await loginAs(w.orgMember.username);
    await testDb().unit.update({ where: { id: w.branch.id }, data: { archivedAt: new Date() } });
    expect((await post(org, url, body)).status).toBe(403);
    expect(await testDb().recruitmentEvent.count({ where: { personId: w.applicant.id } })).toBe(0);
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.applicant.id } })).partyStatus).toBe('APPLICANT');
  });

  it('shows a step recorded on the pipeline in the roster module, with the party status moved on', async () => {
    const w = await rosterWorld();
    const org = await loginAs(w.orgMember.username);
    const res = await post(org, w.pipeline, { personId: w.applicant.id, kind: 'ACTIVIST', on: daysAgo(3), note: '支委会研究确定' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(w.pipeline);
    expect((await org.get(w.pipeline)).text).toContain('已记录：申请人丙 确定为入党积极分子（支委会）');
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.applicant.id } })).partyStatus).toBe('ACTIVIST');
    const page = (await org.get(w.recruitment)).text;
    const row = page.slice(page.indexOf('>申请人丙</th>'), page.indexOf('</tr>', page.indexOf('>申请人丙</th>')));
    expect(row).toContain('入党积极分子');
    expect(row).toContain(daysAgo(3));
    expect(row).toContain('发展对象'); // the next stage
    const log = await testDb().auditLog.findFirstOrThrow({
      where: { action: 'recruitment.step_recorded', entityId: String(w.applicant.id) },
    });
    expect(log.actorId).toBe(w.orgMember.id);

    // the office may record too, and a person of the masses starts as an applicant
    const office = await loginAs(w.office.username);
    expect((await post(office, w.pipeline, { personId: w.masses.id, kind: 'APPLICATION', on: daysAgo(0) })).status).toBe(303);
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.masses.id } })).partyStatus).toBe('APPLICANT');
  });

  it('refuses on the pipeline steps out of order, too early or in the future, and other units’ people, keeping the form', async () => {
    const w = await rosterWorld();
    const org = await loginAs(w.orgMember.username);
    const cases: [Record<string, unknown>, string][] = [
      [{ personId: w.activist.id, kind: 'RESOLUTION', on: daysAgo(1) }, '须先记录“列为发展对象”'],
      [{ personId: w.activist.id, kind: 'CANDIDATE', on: daysAgo(1) }, '确定为入党积极分子满一年后才能列为发展对象，最早可于'],
      [{ personId: w.activist.id, kind: 'CANDIDATE', on: dayjs().add(1, 'day').format('YYYY-MM-DD') }, '日期不能晚于今天'],
      [{ personId: w.activist.id, kind: 'CANDIDATE', on: '2025-02-30' }, '日期格式应为 年-月-日'],
      [{ personId: w.activist.id, kind: 'CANDIDATE', on: '' }, '请填写日期'],
      [{ personId: w.activist.id, kind: 'MEMBER', on: daysAgo(1) }, '请选择步骤'],
      [{ personId: '', kind: 'CANDIDATE', on: daysAgo(1) }, '请选择人员'],
      [{ personId: w.outsider.id, kind: 'CANDIDATE', on: daysAgo(1) }, '请选择本支部尚未转正的人员'],
      [{ personId: w.groupMember.id, kind: 'FULL', on: daysAgo(1) }, '请选择本支部尚未转正的人员'],
    ];
    for (const [body, message] of cases) {
      const res = await post(org, w.pipeline, { ...body, note: '保留的备注' });
      expect(res.status, message).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain('value="保留的备注"');
    }
    const kept = await post(org, w.pipeline, { personId: w.activist.id, kind: 'RESOLUTION', on: daysAgo(1) });
    expect(kept.text).toMatch(new RegExp(`<option value="${w.activist.id}" selected>`));
    expect(kept.text).toContain('<option value="RESOLUTION" selected>');
    expect(await testDb().recruitmentEvent.count({ where: { personId: { in: [w.activist.id, w.outsider.id, w.groupMember.id] } } })).toBe(
      0,
    );
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.outsider.id } })).partyStatus).toBe('ACTIVIST');
  });

  it('accepts on the pipeline a step on the same day as the previous one', async () => {
    const w = await rosterWorld();
    const sec = await loginAs(w.secretary.username);
    expect((await post(sec, w.pipeline, { personId: w.applicant.id, kind: 'TALK', on: daysAgo(100) })).status).toBe(303);
  });

  it('costs the same number of queries with 5 or 50 people', async () => {
    const branch = await makeUnit();
    const groups = [
      (await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id })).id,
      (await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id })).id,
    ];
    const org = await makePerson({ roles: [{ role: 'ORG_MEMBER', unitId: branch.id }], homeUnitId: branch.id });
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const p = await makePerson({
          homeUnitId: groups[i % 2],
          partyStatus: i % 3 ? 'FULL' : 'ACTIVIST',
          roles: i % 5 ? [] : [{ role: 'SECRETARY', unitId: groups[i % 2] }],
        });
        if (i % 3 === 0)
          await testDb().recruitmentStep.create({
            data: { personId: p.id, unitId: branch.id, stage: 'APPLICANT', reachedOn: day(daysAgo(300)), recordedById: org.id },
          });
      }
    };
    const agent = await loginAs(org.username);
    const url = `/units/${branch.code}/modules/members`;
    await grow(4);
    const small = await coldGet(agent, url);
    expect(small.text).toContain('5 人');
    await grow(45);
    const big = await coldGet(agent, url);
    expect(big.text).toContain('50 人');
    expect(sqlQueries(big)).toBe(sqlQueries(small));
  });
});
