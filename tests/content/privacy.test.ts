import { describe, expect, it } from 'vitest';
import { anonymous, loginAs, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { PDF } from '../files/fixtures.js';
import { postMultipart, recordFields } from '../helpers/multipart.js';

type World = Awaited<ReturnType<typeof makeBranchWorld>>;

/** Everyone of issue 16's roles, logged in: who may see unpublished content of the branch, and who may not. */
async function people(w: World) {
  const [secretary, infoOfficer, office, member, staff, otherSecretary, admin] = await Promise.all(
    [w.secretary, w.infoOfficer, w.office, w.member, w.staff, w.otherSecretary, w.admin].map((p) => loginAs(p.username)),
  );
  return {
    privileged: { secretary, infoOfficer, office } as Record<string, Agent>,
    readers: { member, staff, otherSecretary, admin } as Record<string, Agent>,
  };
}

const attachmentIds = async (itemId: number, number: number) =>
  (
    await testDb().revisionAttachment.findMany({
      where: { revision: { itemId, number } },
      select: { attachmentId: true },
    })
  ).map((a) => a.attachmentId);

describe('taken-down content (issue 16.1)', () => {
  it('keeps what a taken-down page version said, and its file, from everyone but the unit’s editors and the office', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/overview`;
    const sec = await loginAs(w.secretary.username);
    const first = await postMultipart(
      sec,
      `${page}/edit`,
      { title: '支部概况', body: '<p>支委共五人。</p>', baseNumber: 0, intent: 'publish' },
      [{ name: '分工表.pdf', data: PDF, type: 'application/pdf' }],
    );
    expect(first.status).toBe(303);
    const second = await postMultipart(
      sec,
      `${page}/edit`,
      { title: '支部概况联系人版', body: '<p>书记手机 13800001111。</p>', baseNumber: 1, intent: 'publish' },
      [{ name: '通讯录.pdf', data: PDF, type: 'application/pdf' }],
    );
    expect(second.status).toBe(303);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
    const office = await loginAs(w.office.username);
    const down = await postForm(office, `${page}/items/${item.id}/take-down`, { reason: '登载了党员手机号码', number: 2 });
    expect(down.status).toBe(303);
    const [kept] = await attachmentIds(item.id, 1);
    const takenFiles = (await attachmentIds(item.id, 2)).filter((id) => id !== kept);
    expect(takenFiles).toHaveLength(1);

    const { privileged, readers } = await people(w);
    for (const [who, agent] of Object.entries(readers)) {
      const history = await agent.get(`${page}/revisions`);
      expect(history.status, who).toBe(200);
      expect(history.text, who).toContain('已撤下');
      expect(history.text, who).not.toContain('支部概况联系人版');
      expect(history.text, who).not.toContain('登载了党员手机号码');
      expect((await agent.get(`${page}/revisions?a=1&b=2`)).status, who).toBe(404);
      const compared = await agent.get(`${page}/revisions?a=2&b=1`);
      expect(compared.text, who).not.toContain('13800001111');
      expect((await agent.get(`/attachments/${takenFiles[0]}`)).status, who).toBe(403);
      expect((await agent.get(`/attachments/${kept}`)).status, who).toBe(200);
      const changes = await agent.get(`/units/${w.branch.code}/changes`);
      expect(changes.text, who).not.toContain('支部概况联系人版');
      const found = await agent.get(`/search?q=13800001111`);
      expect(found.text, who).not.toContain('支部概况联系人版');
    }
    for (const [who, agent] of Object.entries(privileged)) {
      const history = await agent.get(`${page}/revisions`);
      expect(history.text, who).toContain('支部概况联系人版');
      expect(history.text, who).toContain('登载了党员手机号码');
      const compared = await agent.get(`${page}/revisions?a=1&b=2`);
      expect(compared.status, who).toBe(200);
      expect(compared.text, who).toContain('13800001111');
      expect((await agent.get(`/attachments/${takenFiles[0]}`)).status, who).toBe(200);
    }
  });

  it('shows every reader the reason of a take-down when the office ticks 公开撤下原因, and still not the text', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/overview`;
    const sec = await loginAs(w.secretary.username);
    await postForm(sec, `${page}/edit`, { title: '支部概况', body: '<p>第一版。</p>', baseNumber: 0, intent: 'publish' });
    await postForm(sec, `${page}/edit`, {
      title: '支部概况第二版',
      body: '<p>身份证号 420300199001011234。</p>',
      baseNumber: 1,
      intent: 'publish',
    });
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
    const office = await loginAs(w.office.username);
    const form = await office.get(page);
    expect(form.text).toContain('公开撤下原因');
    await postForm(office, `${page}/items/${item.id}/take-down`, { reason: '含有身份证号码', number: 2, reasonPublic: 'on' });
    const member = await loginAs(w.member.username);
    const history = await member.get(`${page}/revisions`);
    expect(history.text).toContain('含有身份证号码');
    expect(history.text).not.toContain('支部概况第二版');
    expect((await member.get(`${page}/revisions?a=1&b=2`)).status).toBe(404);
  });
});

const meeting = (topics: string) =>
  recordFields({
    meetingType: '支委会',
    date: '2026-11-20',
    time: '14:30',
    place: '会议室',
    host: '张建国',
    recorder: '王志峰',
    due: 5,
    present: 5,
    topics,
    content: '会议研究了分工。',
  });

describe('unpublished items are 404 on every URL under them (issue 16.2)', () => {
  it('answers 404 on a draft record’s page, history and comparison to those who may not see drafts', async () => {
    const w = await makeBranchWorld();
    const records = `/units/${w.branch.code}/modules/meetings`;
    const info = await loginAs(w.infoOfficer.username);
    const saved = await postMultipart(info, `${records}/records`, { ...meeting('研究人事调整草案'), baseNumber: 0, intent: 'submit' }, [
      { name: '草案.pdf', data: PDF, type: 'application/pdf' },
    ]);
    expect(saved.status).toBe(303);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'RECORD' } });
    const [file] = await attachmentIds(item.id, 1);
    const url = `${records}/records/${item.id}`;
    const { privileged, readers } = await people(w);
    for (const [who, agent] of Object.entries(readers)) {
      for (const path of [url, `${url}/revisions`, `${url}/revisions?a=1&b=1`]) {
        const res = await agent.get(path);
        expect(res.status, `${who} ${path}`).toBe(404);
        expect(res.text, `${who} ${path}`).not.toContain(item.title);
      }
      expect((await agent.get(`/attachments/${file}`)).status, who).toBe(403);
    }
    for (const [who, agent] of Object.entries(privileged)) {
      const history = await agent.get(`${url}/revisions`);
      expect(history.status, who).toBe(200);
      expect(history.text, who).toContain(item.title);
    }
    expect((await anonymous().get(`${url}/revisions`)).status).toBe(303);
  });

  it('answers 404 on a draft page’s history, and on a record whose only published version was taken down', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/plan`;
    const records = `/units/${w.branch.code}/modules/meetings`;
    const info = await loginAs(w.infoOfficer.username);
    const sec = await loginAs(w.secretary.username);
    await postForm(info, `${page}/edit`, { title: '年度计划秘密草稿', body: '<p>草稿</p>', baseNumber: 0, intent: 'draft' });
    await postForm(sec, `${records}/records`, { ...meeting('一次发布后被撤下'), baseNumber: 0, intent: 'publish' });
    const record = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'RECORD' } });
    const office = await loginAs(w.office.username);
    expect((await postForm(office, `${records}/items/${record.id}/take-down`, { reason: '内容不实', number: 1 })).status).toBe(303);
    const url = `${records}/records/${record.id}`;
    const { privileged, readers } = await people(w);
    for (const [who, agent] of Object.entries(readers)) {
      const history = await agent.get(`${page}/revisions`);
      expect(history.status, who).toBe(404);
      expect(history.text, who).not.toContain('年度计划秘密草稿');
      expect((await agent.get(url)).status, who).toBe(404);
      expect((await agent.get(`${url}/revisions`)).status, who).toBe(404);
    }
    for (const [who, agent] of Object.entries(privileged)) {
      expect((await agent.get(`${page}/revisions`)).text, who).toContain('年度计划秘密草稿');
      expect((await agent.get(`${url}/revisions`)).status, who).toBe(200);
    }
  });
});
