import { describe, expect, it } from 'vitest';
import { loginAs, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMultipart, recordFields, type Upload } from '../helpers/multipart.js';
import { PDF } from '../files/fixtures.js';

/** What people paste into text fields to run script in someone else's browser. */
const PAYLOADS = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(2)>',
  link: '<a href="javascript:alert(3)">点我</a>',
  svg: '<svg onload=alert(4)><script>alert(5)</script></svg>',
  attr: '" autofocus onfocus="alert(6)',
  textarea: '</textarea><script>alert(7)</script>',
  iframe: '<iframe src="javascript:alert(8)"></iframe>',
};

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Every live element of the page with its attributes, as a browser would see them (our pages quote attributes). */
function elements(html: string) {
  return [...html.matchAll(TAG)].map((m) => ({
    tag: m[1].toLowerCase(),
    attrs: Object.fromEntries([...m[2].matchAll(ATTR)].map((a) => [a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ''])),
    at: m.index,
  }));
}

/** What a browser would run: scripts other than our files, SVG or frames, handlers, javascript: URLs. */
function liveMarkup(html: string): string[] {
  return elements(html)
    .filter(
      (e) =>
        (e.tag === 'script' && !(e.attrs.src ?? '').startsWith('/public/')) ||
        ['svg', 'iframe', 'object', 'embed', 'math'].includes(e.tag) ||
        (e.tag === 'img' && !(e.attrs.src ?? '').startsWith('/')) ||
        Object.keys(e.attrs).some((a) => a.startsWith('on') || a === 'autofocus') ||
        ['href', 'src', 'action', 'formaction'].some((a) => /^\s*javascript:/i.test(e.attrs[a] ?? '')),
    )
    .map((e) => html.slice(e.at, e.at + 120));
}

function expectInert(html: string, where: string) {
  expect(liveMarkup(html), where).toEqual([]);
}

const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;');

async function post(
  agent: Agent,
  url: string,
  fields: Record<string, string | number>,
  extra: Record<string, string | number>,
  file?: Upload,
) {
  return postMultipart(agent, url, { ...extra, ...recordFields(fields) }, file ? [{ ...file, type: 'application/pdf' }] : []);
}

describe('record fields are shown escaped everywhere', () => {
  it('has a check that sees every payload when it is live, and none once escaped', () => {
    for (const p of Object.values(PAYLOADS)) {
      expect(liveMarkup(`<p>${p}</p><input value="${p}"><textarea>${p}</textarea>`), p).not.toEqual([]);
      expect(liveMarkup(`<p>${escape(p)}</p><input value="${escape(p)}"><textarea>${escape(p)}</textarea>`), p).toEqual([]);
    }
  });

  it('escapes script, handlers, javascript: links and SVG in a 三会一课 record and its attachment name', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const base = `/units/${w.branch.code}/modules/meetings`;
    const fields = {
      meetingType: '支委会',
      date: '2026-03-12',
      time: PAYLOADS.attr.slice(0, 20),
      place: PAYLOADS.img,
      host: PAYLOADS.attr.slice(0, 40),
      recorder: PAYLOADS.svg.slice(0, 40),
      due: 7,
      present: 6,
      absent: PAYLOADS.iframe,
      topics: `${PAYLOADS.script}\n第二个议题`,
      content: `${PAYLOADS.link}${PAYLOADS.svg}${PAYLOADS.textarea}`,
    };
    const res = await post(
      sec,
      `${base}/records`,
      fields,
      { baseNumber: 0, intent: 'publish' },
      { name: `${PAYLOADS.img}.pdf`, data: PDF },
    );
    expect(res.status).toBe(303);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'RECORD' } });
    const page = `${base}/records/${item.id}`;

    const member = await loginAs(w.member.username);
    const record = await member.get(page);
    expect(record.status).toBe(200);
    expectInert(record.text, 'record page');
    expect(record.text).toContain('支委会：&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(record.text).toContain('&lt;a href=&#34;javascript:alert(3)&#34;&gt;点我&lt;/a&gt;');
    expect(record.text).toContain('&lt;img src=x onerror=alert(2)&gt;.pdf</a>');
    expect(record.text).toContain('<title>支委会：&lt;script&gt;');

    const list = await member.get(base);
    expectInert(list.text, 'list');
    expect(list.text).toContain('支委会：&lt;script&gt;alert(1)&lt;/script&gt;');

    // the editor's form puts every value back without breaking out of its textarea or attribute
    const edit = await sec.get(`${page}/edit`);
    expectInert(edit.text, 'edit form');
    expect(edit.text).toContain('&lt;/textarea&gt;&lt;script&gt;alert(7)&lt;/script&gt;</textarea>');

    // a second version, then history and the side-by-side comparison
    await post(sec, `${page}/edit`, { ...fields, place: `${PAYLOADS.img}改` }, { baseNumber: 1, intent: 'publish' });
    for (const url of [`${page}/revisions`, `${page}/revisions?a=1&b=2`]) {
      const r = await member.get(url);
      expect(r.status).toBe(200);
      expectInert(r.text, url);
    }
    expect((await member.get(`${page}/revisions?a=1&b=2`)).text).toContain('<ins>改</ins>');

    // the unit's site, its changes feed and the office's morning review list the title too
    for (const url of [`/units/${w.branch.code}`, `/units/${w.branch.code}/changes`]) expectInert((await member.get(url)).text, url);
    expectInert((await (await loginAs(w.office.username)).get('/review')).text, '/review');
  });

  it('escapes a pending news record for the secretary who reviews it, and in the to-do list', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    const base = `/units/${w.branch.code}/modules/news`;
    const res = await post(
      info,
      `${base}/records`,
      { date: '2026-07-01', headline: `${PAYLOADS.svg}${PAYLOADS.script}`.slice(0, 120), body: Object.values(PAYLOADS).join('\n') },
      { baseNumber: 0, intent: 'submit' },
    );
    expect(res.status).toBe(303);
    const sec = await loginAs(w.secretary.username);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'RECORD' } });
    for (const url of [base, `${base}/records/${item.id}`, '/me/todo']) {
      const r = await sec.get(url);
      expect(r.status).toBe(200);
      expectInert(r.text, url);
    }
    expect((await sec.get(`${base}/records/${item.id}`)).text).toContain('&lt;svg onload=alert(4)&gt;');
  });

  it('escapes what was typed when the form comes back with an error', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    const res = await post(
      info,
      `/units/${w.branch.code}/modules/news/records`,
      { date: '2026-02-30', headline: PAYLOADS.attr, body: PAYLOADS.textarea },
      { baseNumber: 0, intent: 'draft' },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('日期不是有效日期');
    expectInert(res.text, 'form with errors');
    expect(res.text).toContain('value="&#34; autofocus onfocus=&#34;alert(6)"');
  });
});
