import { describe, expect, it } from 'vitest';
import { coldGet, loginAs, sqlQueries } from '../helpers/app.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMeeting, postRecord } from './helpers.js';

describe('/me/org-life', () => {
  it('lists the meetings I was due at this year, attended and missed, and nobody else’s', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const y = new Date().getUTCFullYear();
    const day = (m: number) => `${y}-${String(m).padStart(2, '0')}-01`;
    const all = [w.secretary.id, w.infoOfficer.id, w.orgMember.id];
    await postMeeting(
      sec,
      w.branch,
      { meetingType: '支委会', date: day(1), topics: '一月支委会' },
      {
        'attendance[present][]': [...all, w.member.id].map(String),
      },
    );
    await postMeeting(
      sec,
      w.branch,
      { meetingType: '党课', date: day(1), topics: '专题党课' },
      {
        'attendance[present][]': all.map(String),
        [`attendance[absent][p${w.member.id}]`]: '请假',
      },
    );
    await postRecord(sec, w.branch, 'theme-day', { date: day(1), theme: '志愿服务', content: '到社区开展志愿服务。' });
    await postMeeting(
      sec,
      w.branch,
      { meetingType: '支委会', date: `${y - 1}-12-01`, topics: '去年的会' },
      {
        'attendance[present][]': [...all, w.member.id].map(String),
      },
    );

    const member = await loginAs(w.member.username);
    const res = await coldGet(member, '/me/org-life');
    expect(res.status).toBe(200);
    expect(res.text).toContain('应参加 <strong>2</strong> 次，出席 <strong>1</strong> 次，缺席 <strong>1</strong> 次');
    expect(res.text).toContain('一月支委会');
    expect(res.text).toContain('缺席（请假）');
    expect(res.text).not.toContain('去年的会');
    expect(res.text).not.toContain('志愿服务'); // no attendance recorded: not a meeting I was named at
    const cost = sqlQueries(res);

    const staff = await loginAs(w.staff.username);
    const none = await coldGet(staff, '/me/org-life');
    expect(none.text).toContain('还没有记录您应参加的会议和活动');
    expect(sqlQueries(none)).toBe(cost);
    expect((await loginAs(w.member.username).then((a) => a.get(`/me/org-life?year=${y - 1}`))).text).toContain('去年的会');
  });
});
