import { describe, expect, it } from 'vitest';
import { loginAs, postForm } from '../helpers/app.js';
import { issue, noticeIdOf, noticeWorld } from './helpers.js';

describe('a notice with nothing published (issue 16.2)', () => {
  it('is 404 on every URL under it to everyone who does not manage it, and readable by those who do', async () => {
    const w = await noticeWorld();
    const sec = await loginAs(w.secretary.username);
    const title = `草稿通知${w.branch.code}`;
    const id = noticeIdOf(
      await issue(sec, w.branch.code, { title, issuer: w.branch.name, audience: 'UNITS', units: [w.branch.id], intent: 'draft' }),
    );
    const urls = [`/notices/${id}`, `/notices/${id}/receipts`, `/notices/${id}/receipts.xlsx`, `/notices/${id}/edit`];
    const [member, staff, otherSecretary, admin, office] = await Promise.all(
      [w.member, w.staff, w.otherSecretary, w.admin, w.office].map((p) => loginAs(p.username)),
    );
    for (const [who, agent] of Object.entries({ member, staff, otherSecretary, admin })) {
      for (const url of urls) {
        const res = await agent.get(url);
        expect(res.status, `${who} ${url}`).toBe(404);
        expect(res.text, `${who} ${url}`).not.toContain(title);
      }
      expect((await postForm(agent, `/notices/${id}/acknowledge`, {})).status, who).toBe(404);
    }
    // the secretary who drafted it and the office (who supervises every unit's receipts) still reach it
    expect((await sec.get(`/notices/${id}`)).text).toContain(title);
    expect((await office.get(`/notices/${id}/receipts`)).status).toBe(200);
  });
});
