import { describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';
import { postMultipart, recordFields } from '../helpers/multipart.js';
import { postMeeting } from './helpers.js';

const absentOf = (marks: Record<number, string>) =>
  Object.fromEntries(Object.entries(marks).map(([id, r]) => [`attendance[absent][p${id}]`, r]));
const presentOf = (ids: number[]) => ({ 'attendance[present][]': ids.map(String) });

async function world() {
  const w = await makeBranchWorld();
  const other = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: w.branch.id });
  return { ...w, other };
}

describe('attendance by person on a meeting record', () => {
  it('computes 应到 and 实到 from the roster, and shows each person’s line only to them, the officers and the office', async () => {
    const w = await world();
    const sec = await loginAs(w.secretary.username);
    const present = [w.secretary.id, w.infoOfficer.id, w.orgMember.id, w.member.id];
    const { res, item } = await postMeeting(
      sec,
      w.branch,
      { meetingType: '支委会', date: '2025-09-10', due: '', present: '' },
      { ...presentOf(present), ...absentOf({ [w.other.id]: '因公' }) },
    );
    expect(res.status).toBe(303);
    const url = `/units/${w.branch.code}/modules/meetings/records/${item!.id}`;

    const asMember = (await (await loginAs(w.member.username)).get(url)).text;
    expect(asMember).toMatch(/应到人数<\/dt><dd>5/);
    expect(asMember).toMatch(/实到人数<\/dt><dd>4/);
    expect(asMember).toContain('我的出勤');
    expect(asMember).toContain(`${w.member.displayName}：出席`);
    expect(asMember).not.toContain(`${w.other.displayName}：`);

    const asOther = (await (await loginAs(w.other.username)).get(url)).text;
    expect(asOther).toContain(`${w.other.displayName}：缺席（因公）`);
    expect(asOther).not.toContain(`${w.member.displayName}：出席`);

    const asStaff = (await (await loginAs(w.staff.username)).get(url)).text;
    expect(asStaff).toMatch(/实到人数<\/dt><dd>4/);
    expect(asStaff).not.toContain('出勤');
    expect(asStaff).not.toContain(`${w.member.displayName}：`);

    for (const officer of [w.orgMember, w.office]) {
      const seen = (await (await loginAs(officer.username)).get(url)).text;
      expect(seen).toContain('出勤情况');
      expect(seen).toContain(`${w.member.displayName}：出席`);
      expect(seen).toContain(`${w.other.displayName}：缺席（因公）`);
    }
  });

  it('refuses a future date, someone not in the unit, a person both present and absent, and anyone left unmarked', async () => {
    const w = await world();
    const sec = await loginAs(w.secretary.username);
    const everyone = [w.secretary.id, w.infoOfficer.id, w.orgMember.id, w.member.id, w.other.id];
    const cases: [Record<string, string>, Record<string, unknown>, string][] = [
      [{ date: '2099-01-01' }, presentOf(everyone), '日期不能晚于今天'],
      [{}, presentOf([...everyone, w.otherSecretary.id]), '出勤名单中有不属于本单位的人员'],
      [{}, { ...presentOf(everyone), ...absentOf({ [w.member.id]: '请假' }) }, `${w.member.displayName}不能既出席又缺席`],
      [{}, presentOf(everyone.slice(0, 4)), `请标明${w.other.displayName}出席或缺席`],
    ];
    for (const [fields, attendance, message] of cases) {
      const { res } = await postMeeting(sec, w.branch, { meetingType: '支委会', date: '2025-09-10', ...fields }, attendance);
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain('学习贯彻会议精神'); // the form is refilled
      expect(res.text).toMatch(new RegExp(`name="attendance\\[present\\]\\[\\]" value="${w.member.id}" checked`));
    }
    expect(await testDb().contentItem.count({ where: { unitId: w.branch.id } })).toBe(0);
  });

  it('takes a 党小组会’s people from its group only', async () => {
    const w = await world();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: '第一党小组' });
    const g1 = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: group.id });
    const g2 = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: group.id });
    const sec = await loginAs(w.secretary.username);
    const base = { meetingType: '党小组会', date: '2025-09-10', groupId: group.id };
    const wrong = await postMeeting(sec, w.branch, base, presentOf([g1.id, g2.id, w.member.id]));
    expect(wrong.res.status).toBe(400);
    expect(wrong.res.text).toContain(`${w.member.displayName}不属于本党小组`);
    const noGroup = await postMeeting(sec, w.branch, { ...base, groupId: '' }, presentOf([g1.id]));
    expect(noGroup.res.text).toContain('请选择本支部的党小组');
    const ok = await postMeeting(sec, w.branch, base, { ...presentOf([g1.id]), ...absentOf({ [g2.id]: '请假' }) });
    expect(ok.res.status).toBe(303);
    const page = (await sec.get(`/units/${w.branch.code}/modules/meetings/records/${ok.item!.id}`)).text;
    expect(page).toMatch(/应到人数<\/dt><dd>2/);
  });
});

describe('a 支部党员大会 with a vote', () => {
  it('needs more than half of the full members present; 预备党员 attend but do not count; the record shows it', async () => {
    const w = await world();
    const p1 = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: w.branch.id, partyStatus: 'PROBATIONARY' });
    const p2 = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: w.branch.id, partyStatus: 'PROBATIONARY' });
    const sec = await loginAs(w.secretary.username);
    // five full members, two of them present, with both probationary members: 4 of 7 present, but not a quorum
    const marks = {
      ...presentOf([w.secretary.id, w.member.id, p1.id, p2.id]),
      ...absentOf({ [w.infoOfficer.id]: '请假', [w.orgMember.id]: '因公', [w.other.id]: '其他' }),
      'attendance[voting]': 'on',
    };
    const fields = { meetingType: '支部党员大会', date: '2025-09-10', topics: '讨论接收预备党员' };
    const refused = await postMeeting(sec, w.branch, fields, marks);
    expect(refused.res.status).toBe(400);
    expect(refused.res.text).toContain('到会有表决权的正式党员 2 人，未超过 5 人的半数，表决无效');
    expect(refused.res.text).toContain('确认保存（表决无效）');
    expect(await testDb().contentItem.count({ where: { unitId: w.branch.id } })).toBe(0);

    const kept = await postMeeting(sec, w.branch, fields, { ...marks, 'attendance[quorumAck]': 'on' });
    expect(kept.res.status).toBe(303);
    const record = (await (await loginAs(w.staff.username)).get(`/units/${w.branch.code}/modules/meetings/records/${kept.item!.id}`)).text;
    expect(record).toContain('有表决权的正式党员 5 人，到会 2 人，未超过半数，表决无效');

    // three of five full members present is a quorum
    const quorum = await postMeeting(sec, w.branch, fields, {
      ...presentOf([w.secretary.id, w.member.id, w.other.id, p1.id]),
      ...absentOf({ [w.infoOfficer.id]: '请假', [w.orgMember.id]: '因公', [p2.id]: '其他' }),
      'attendance[voting]': 'on',
    });
    expect(quorum.res.status).toBe(303);
    const ok = (await sec.get(`/units/${w.branch.code}/modules/meetings/records/${quorum.item!.id}`)).text;
    expect(ok).toContain('有表决权的正式党员 5 人，到会 3 人，超过半数，表决有效');
  });
});

describe('the record form as the browser sends it (multipart)', () => {
  it('reads the marks and the reasons', async () => {
    const w = await world();
    const sec = await loginAs(w.secretary.username);
    const res = await postMultipart(sec, `/units/${w.branch.code}/modules/meetings/records`, {
      ...recordFields({
        meetingType: '支委会',
        date: '2025-09-10',
        place: '活动室',
        host: '张',
        recorder: '王',
        topics: '议题',
        content: '内容',
      }),
      'attendance[present][]': w.secretary.id,
      [`attendance[absent][p${w.infoOfficer.id}]`]: '请假',
      [`attendance[absent][p${w.orgMember.id}]`]: '因公',
      [`attendance[absent][p${w.member.id}]`]: '其他',
      [`attendance[absent][p${w.other.id}]`]: '请假',
      baseNumber: 0,
      intent: 'publish',
    });
    expect(res.status).toBe(303);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id } });
    const page = (await sec.get(`/units/${w.branch.code}/modules/meetings/records/${item.id}`)).text;
    expect(page).toMatch(/实到人数<\/dt><dd>1/);
    expect(page).toContain('请假 2 人、因公 1 人、其他 1 人');
  });
});

describe('a submitted record’s attendance', () => {
  it('is shown to the secretary who reviews it, not to the members until it is published', async () => {
    const w = await world();
    const info = await loginAs(w.infoOfficer.username);
    const { res, item } = await postMeeting(
      info,
      w.branch,
      { meetingType: '支委会', date: '2025-09-10' },
      {
        intent: 'submit',
        'attendance[present][]': [w.secretary.id, w.infoOfficer.id, w.orgMember.id, w.member.id].map(String),
        [`attendance[absent][p${w.other.id}]`]: '请假',
      },
    );
    expect(res.status).toBe(303);
    const url = `/units/${w.branch.code}/modules/meetings/records/${item!.id}`;
    const review = (await (await loginAs(w.secretary.username)).get(url)).text;
    expect(review).toContain('未发布版本的出勤');
    expect(review).toContain(`${w.other.displayName}：缺席（请假）`);
    expect((await (await loginAs(w.member.username)).get(url)).status).toBe(404);
  });
});

describe('the record form', () => {
  it('lists the unit’s party members to mark, with the groups to choose for a 党小组会', async () => {
    const w = await world();
    await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: '第一党小组' });
    const sec = await loginAs(w.secretary.username);
    const form = (await sec.get(`/units/${w.branch.code}/modules/meetings/records/new`)).text;
    expect(form).toContain('出勤（从本单位党员名册中选择）');
    expect(form).toContain(`name="attendance[absent][p${w.member.id}]"`);
    expect(form).not.toContain(`value="${w.staff.id}"`); // not a party member
    expect(form).toContain('第一党小组');
    expect(form).toContain('支部党员大会有表决事项');
    const news = (await sec.get(`/units/${w.branch.code}/modules/news/records/new`)).text;
    expect(news).not.toContain('出勤（从本单位党员名册中选择）');
  });
});
