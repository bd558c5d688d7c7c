import { describe, expect, it } from 'vitest';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { SIGNAL_SOURCES } from '../../src/domain/review/sources.js';
import { CHANGE_SOURCES } from '../../src/domain/review/changes.js';
import { voiceAnswerChanges, voiceSignals } from '../../src/domain/voices/voices.signals.js';
import { loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';
import { makeVoice, uniqueName, voiceWorld } from './voice-helpers.js';

const HOUR = 3_600_000;

describe('the unit’s inbox', () => {
  it('lists the unanswered first (oldest first), filters by status and category', async () => {
    const w = await voiceWorld();
    const now = Date.now();
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, title: '较新的待答复', createdAt: new Date(now - 2 * HOUR) });
    await makeVoice({
      unitId: w.branch.id,
      authorId: w.writer.id,
      title: '最早的待答复',
      createdAt: new Date(now - 50 * HOUR),
      category: 'HELP',
    });
    await makeVoice({
      unitId: w.branch.id,
      authorId: w.writer.id,
      answererId: w.secretary.id,
      title: '已经答复的',
      createdAt: new Date(now - 80 * HOUR),
      answeredAt: new Date(now - 77 * HOUR),
    });
    await makeVoice({ unitId: w.other.id, authorId: w.writer.id, title: '别的支部的' });
    const sec = await loginAs(w.secretary.username);
    const all = (await sec.get(`/units/${w.branch.code}/voices`)).text;
    expect(all.indexOf('最早的待答复')).toBeLessThan(all.indexOf('较新的待答复'));
    expect(all.indexOf('较新的待答复')).toBeLessThan(all.indexOf('已经答复的'));
    expect(all).not.toContain('别的支部的');
    expect(all).toContain('已等待 2.1 天');
    expect(all).toContain('3.0 小时');
    expect(all).toMatch(/待答复 <span class="badge warn">2<\/span>/);
    const open = (await sec.get(`/units/${w.branch.code}/voices?status=OPEN`)).text;
    expect(open).not.toContain('已经答复的');
    expect(open).toContain('最早的待答复');
    const help = (await sec.get(`/units/${w.branch.code}/voices?category=HELP`)).text;
    expect(help).toContain('最早的待答复');
    expect(help).not.toContain('较新的待答复');
    // junk in the query string is ignored, not an error
    expect((await sec.get(`/units/${w.branch.code}/voices?status=x&category[]=y&page=-3`)).status).toBe(200);
  });

  it('costs the same number of queries with 5 or 50 voices, anonymous or not, with their answers', async () => {
    const w = await voiceWorld();
    const writers = await Promise.all([0, 1, 2].map(() => makePerson({ homeUnitId: w.branch.id, displayName: uniqueName('职工') })));
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await makeVoice({
          unitId: w.branch.id,
          authorId: writers[i % 3].id,
          answererId: w.secretary.id,
          anonymous: i % 2 === 0,
          status: (['OPEN', 'ANSWERED', 'REPLIED', 'CLOSED'] as const)[i % 4],
          publicConsent: true,
          publishedAt: i % 4 ? new Date() : undefined,
        });
      }
    };
    const sec = await loginAs(w.secretary.username);
    const writer = await loginAs(writers[1].username);
    const pages = [`/units/${w.branch.code}/voices`, `/units/${w.branch.code}/voices?status=ANSWERED`, '/voices/mine', '/voices/public'];
    await add(5);
    const small: number[] = [];
    const statements: string[][] = [];
    for (const p of pages) {
      small.push(sqlQueries(await coldGet(p === '/voices/mine' ? writer : sec, p)));
      statements.push(lastRequestStatements());
    }
    await add(45);
    for (const [i, p] of pages.entries()) {
      const res = await coldGet(p === '/voices/mine' ? writer : sec, p);
      expect(res.status).toBe(200);
      expect(sqlQueries(res), `${p}\n${JSON.stringify({ a: statements[i], b: lastRequestStatements() }, null, 1)}`).toBe(small[i]);
    }
    expect(small[0]).toBeLessThanOrEqual(8);
  });
});

describe('response times for the office', () => {
  it('shows each unit’s count, answered, unanswered, average and longest response', async () => {
    const w = await voiceWorld();
    const t = Date.now() - 10 * 24 * HOUR;
    await makeVoice({
      unitId: w.branch.id,
      authorId: w.writer.id,
      answererId: w.secretary.id,
      createdAt: new Date(t),
      answeredAt: new Date(t + 2 * HOUR),
    });
    await makeVoice({
      unitId: w.branch.id,
      authorId: w.writer.id,
      answererId: w.secretary.id,
      createdAt: new Date(t),
      answeredAt: new Date(t + 10 * HOUR),
      status: 'CLOSED',
    });
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, createdAt: new Date(t) });
    const office = await loginAs(w.office.username);
    const res = await office.get('/voices/stats');
    expect(res.status).toBe(200);
    const row = res.text.slice(res.text.indexOf(`href="/units/${w.branch.code}/voices"`));
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td class="num">(?:<span[^>]*>)?([^<]*)/g)].map((m) => m[1]);
    expect(cells).toEqual(['3', '2', '1', '6.0 小时', '10.0 小时', '10.0 天']);
    const otherRow = res.text.slice(res.text.indexOf(`href="/units/${w.other.code}/voices"`));
    expect(otherRow.slice(0, otherRow.indexOf('</tr>'))).toContain('—');
    // a period that leaves the three voices out
    const later = await office.get(`/voices/stats?from=${new Date(t + 24 * HOUR).toISOString().slice(0, 10)}`);
    const laterRow = later.text.slice(later.text.indexOf(`href="/units/${w.branch.code}/voices"`));
    expect(laterRow.slice(0, laterRow.indexOf('</tr>'))).toMatch(/<td class="num">0<\/td>/);
    // the session look-ups, the header's unread-notice count and the one aggregate
    expect(sqlQueries(res)).toBeLessThanOrEqual(4);
  });
});

describe('the morning review and the changes feed', () => {
  it('counts each branch’s unanswered voices as a signal of the review', async () => {
    expect(SIGNAL_SOURCES).toContain(voiceSignals);
    const w = await voiceWorld();
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id });
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id });
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, status: 'ANSWERED' });
    const signals = await voiceSignals(testDb(), { branchIds: [w.branch.id, w.other.id], now: new Date() });
    expect(signals.get(w.branch.id)).toEqual({ unansweredVoices: 2 });
    expect(signals.get(w.other.id)).toBeUndefined();
    const review = await (await loginAs(w.office.username)).get('/review');
    expect(review.text).toContain(`href="/units/${w.branch.code}/voices?status=OPEN">2</a>`);
  });

  it('lists answers in the unit’s changes without the voice’s title or writer', async () => {
    expect(CHANGE_SOURCES).toContain(voiceAnswerChanges);
    const w = await voiceWorld();
    const title = uniqueName('不应出现在动态中');
    await makeVoice({
      unitId: w.branch.id,
      authorId: w.writer.id,
      answererId: w.secretary.id,
      status: 'ANSWERED',
      title,
      category: 'PRAISE',
    });
    const text = (await (await loginAs(w.staff.username)).get(`/units/${w.branch.code}/changes`)).text;
    expect(text).toContain('答复一条心声（表扬）');
    expect(text).not.toContain(title);
    expect(text).not.toContain(w.writer.displayName);
    const unit = await makeUnit();
    expect(await voiceAnswerChanges(testDb(), { unitIds: [unit.id], limit: 10 })).toEqual([]);
  });

  it('links an answer in the changes only for those who may open the voice: its recipients, or everyone once public', async () => {
    const w = await voiceWorld();
    const voice = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, answererId: w.secretary.id, status: 'ANSWERED' });
    const feed = (user: string) => loginAs(user).then((a) => a.get(`/units/${w.branch.code}/changes`));
    const member = await feed(w.member.username);
    expect(member.text).toContain('答复一条心声');
    expect(member.text).not.toContain(`href="/voices/${voice.id}"`);
    expect((await (await loginAs(w.member.username)).get(`/voices/${voice.id}`)).status).toBe(403);
    expect((await feed(w.secretary.username)).text).toContain(`href="/voices/${voice.id}"`);
    await testDb().voice.update({ where: { id: voice.id }, data: { publicConsent: true, publishedAt: new Date() } });
    expect((await feed(w.member.username)).text).toContain(`href="/voices/${voice.id}"`);
    expect((await (await loginAs(w.member.username)).get(`/voices/${voice.id}`)).status).toBe(200);
  });
});

describe('my voices', () => {
  it('links a secretary to their inbox with what waits there, and the office to the committee’s and the stats', async () => {
    const w = await voiceWorld();
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id });
    const sec = (await (await loginAs(w.secretary.username)).get('/voices/mine')).text;
    expect(sec).toContain(`href="/units/${w.branch.code}/voices"`);
    expect(sec).toContain('待答复 1');
    const office = (await (await loginAs(w.office.username)).get('/voices/mine')).text;
    expect(office).toContain('href="/voices/stats"');
    expect(office).toContain('/voices"');
    const member = (await (await loginAs(w.member.username)).get('/voices/mine')).text;
    expect(member).not.toContain('我负责答复的意见箱');
    expect(member).toContain('您还没有写过心声');
  });
});
