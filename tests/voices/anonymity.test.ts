import { describe, expect, it } from 'vitest';
import { loginAs, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';
import { date as day } from '../../src/lib/format.js';
import { uniqueName, voiceWorld } from './voice-helpers.js';

const write = (agent: Agent, body: Record<string, unknown>) =>
  postForm(agent, '/voices', { category: 'SUGGESTION', body: '车间的通风设备噪声太大，建议更换。', ...body });
const idOf = (res: { headers: Record<string, string> }) => Number(/^\/voices\/(\d+)$/.exec(res.headers.location)![1]);

/** A signed voice, then an anonymous one, then another signed one, to the branch; answered and replied to. */
async function threeVoices() {
  const w = await voiceWorld();
  const neighbour = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: w.branch.id });
  const [signer, writer] = await Promise.all([loginAs(neighbour.username), loginAs(w.writer.username)]);
  const titles = { before: uniqueName('署名前'), secret: uniqueName('匿名反映'), after: uniqueName('署名后') };
  const ids = {
    before: idOf(await write(signer, { unit: w.branch.code, title: titles.before })),
    secret: idOf(await write(writer, { unit: w.branch.code, title: titles.secret, anonymous: 'on' })),
    after: idOf(await write(signer, { unit: w.branch.code, title: titles.after })),
  };
  const sec = await loginAs(w.secretary.username);
  await postForm(sec, `/voices/${ids.secret}/answer`, { body: '感谢反映。' });
  await postForm(writer, `/voices/${ids.secret}/reply`, { body: '仍有噪声。' });
  const office = await loginAs(w.office.username);
  return { w, titles, ids, recipients: { secretary: sec, office } as Record<string, Agent> };
}

describe('an anonymous voice’s writer cannot be narrowed down by its recipients (issue 16.3)', () => {
  it('gives the voice an id, and a place in the inbox, that do not sit between the voices written just before and after', async () => {
    const { w, titles, ids, recipients } = await threeVoices();
    expect(ids.secret > ids.before && ids.secret < ids.after).toBe(false);
    for (const [who, agent] of Object.entries(recipients)) {
      const inbox = await agent.get(`/units/${w.branch.code}/voices`);
      expect(inbox.status, who).toBe(200);
      const order = [titles.before, titles.secret, titles.after].map((t) => inbox.text.indexOf(t));
      expect(
        order.every((i) => i > 0),
        who,
      ).toBe(true);
      expect(order[0] < order[1] && order[1] < order[2], who).toBe(false);
    }
  });

  it('shows recipients only the day it was written and the day its writer replied', async () => {
    const { w, titles, ids, recipients } = await threeVoices();
    const exact = await testDb().auditLog.findMany({
      where: { entityType: 'Voice', entityId: String(ids.secret), actorId: w.writer.id },
      select: { at: true },
      orderBy: { id: 'asc' },
    });
    expect(exact).toHaveLength(2);
    for (const [who, agent] of Object.entries(recipients)) {
      const inbox = await agent.get(`/units/${w.branch.code}/voices`);
      const row = inbox.text.split('<tr>').find((r) => r.includes(titles.secret))!;
      expect(/<td>([^<]*)<\/td>/.exec(row)![1], who).toBe(day(exact[0].at));
      const page = await agent.get(`/voices/${ids.secret}`);
      expect(page.status, who).toBe(200);
      expect(/匿名 · ([^<]*)</.exec(page.text)![1].trim(), who).toBe(day(exact[0].at));
      expect(/匿名写信人 · ([^<]*)</.exec(page.text)![1].trim(), who).toBe(day(exact[1].at));
    }
  });

  it('keeps the anonymous writer’s actions and everyone’s logins out of the office’s audit log; the administrator reads them', async () => {
    const { w, recipients } = await threeVoices();
    const office = recipients.office;
    for (const url of [
      '/admin/audit',
      `/admin/audit?unit=${w.branch.code}`,
      `/admin/audit?entityType=Voice`,
      `/admin/audit?actor=${w.writer.username}`,
    ]) {
      const log = await office.get(url);
      expect(log.status, url).toBe(200);
      expect(log.text, url).not.toContain('.anonymous');
      expect(log.text, url).not.toContain(`匿名写给${w.branch.name}`);
      // (the actor filter's own field echoes the username typed into it; the rows would show the name)
      expect(log.text, url).not.toContain(w.writer.displayName);
      expect(log.text, url).not.toContain('auth.login');
    }
    const admin = await loginAs(w.admin.username);
    const adminLog = await admin.get(`/admin/audit?actor=${w.writer.username}`);
    expect(adminLog.text).toContain('voice.written.anonymous');
    expect(adminLog.text).toContain(w.writer.displayName);
    expect(adminLog.text).toContain('auth.login');
    // nobody else reads the log
    const [member, staff, otherSecretary] = await Promise.all([w.member, w.staff, w.otherSecretary].map((p) => loginAs(p.username)));
    for (const [who, agent] of Object.entries({ member, staff, otherSecretary })) {
      expect((await agent.get('/admin/audit')).status, who).toBe(403);
    }
  });
});
