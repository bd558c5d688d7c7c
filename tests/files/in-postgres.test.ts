import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../src/domain/files/blobs.js';
import { anonymous, loginAs, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMultipart } from '../helpers/multipart.js';
import { noticeWorld, post } from '../notices/helpers.js';
import { PDF } from './fixtures.js';

/** A PDF of `size` bytes that no other test uploads (its checksum is its own). */
const uniquePdf = (size: number) => Buffer.concat([PDF, randomBytes(size - PDF.length)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function get(agent: Agent, url: string, headers: Record<string, string> = {}) {
  return agent
    .get(url)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

async function publishPage(agent: Agent, unitCode: string, files: { name: string; data: Buffer }[], baseNumber = 0) {
  return postMultipart(
    agent,
    `/units/${unitCode}/modules/study/edit`,
    { title: '学习资料', body: '<p>见附件。</p>', baseNumber, intent: 'publish' },
    files,
  );
}

describe('files served from PostgreSQL', () => {
  it('sends a file over several pieces whole, one byte range of it (206), and 304 to a browser that has it', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const file = uniquePdf(2 * CHUNK_BYTES + 1000);
    expect((await publishPage(sec, w.branch.code, [{ name: '讲义.pdf', data: file }])).status).toBe(303);
    const a = await testDb().attachment.findFirstOrThrow({ where: { unitId: w.branch.id } });
    const url = `/attachments/${a.id}`;

    const whole = await get(sec, url);
    expect(whole.status).toBe(200);
    expect((whole.body as Buffer).equals(file)).toBe(true);
    expect(whole.headers.etag).toBe(`"${sha256(file)}"`);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-length']).toBe(String(file.length));

    // a range across the boundary of two pieces, as a PDF viewer asks
    const from = CHUNK_BYTES - 10;
    const part = await get(sec, url, { Range: `bytes=${from}-${from + 99}` });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes ${from}-${from + 99}/${file.length}`);
    expect((part.body as Buffer).equals(file.subarray(from, from + 100))).toBe(true);
    const tail = await get(sec, url, { Range: 'bytes=-50' });
    expect(tail.status).toBe(206);
    expect((tail.body as Buffer).equals(file.subarray(file.length - 50))).toBe(true);
    expect(tail.headers['content-disposition']).toBe(whole.headers['content-disposition']);

    const beyond = await get(sec, url, { Range: `bytes=${file.length + 1}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${file.length}`);
    // the range was asked of another version of the file: the whole file
    expect((await get(sec, url, { Range: 'bytes=0-9', 'If-Range': '"other"' })).status).toBe(200);

    const again = await get(sec, url, { 'If-None-Match': whole.headers.etag });
    expect(again.status).toBe(304);
    expect((again.body as Buffer).length).toBe(0);
    const head = await sec.head(url);
    expect([head.status, head.headers['content-length']]).toEqual([200, String(file.length)]);
    // an anonymous visitor learns nothing, whatever they send
    const anon = await anonymous().get(url).set('If-None-Match', whole.headers.etag);
    expect([anon.status, anon.headers.location]).toEqual([303, `/login?returnTo=${encodeURIComponent(url)}`]);
  });

  it('stores the same bytes once, even sent twice at the same instant, and each upload keeps its own name', async () => {
    const [w1, w2] = [await makeBranchWorld(), await makeBranchWorld()];
    const file = uniquePdf(CHUNK_BYTES + 5);
    const [s1, s2] = [await loginAs(w1.secretary.username), await loginAs(w2.secretary.username)];
    const answers = await Promise.all([
      publishPage(s1, w1.branch.code, [{ name: '一.pdf', data: file }]),
      publishPage(s2, w2.branch.code, [{ name: '二.pdf', data: file }]),
    ]);
    expect(answers.map((r) => r.status)).toEqual([303, 303]);
    const rows = await testDb().attachment.findMany({ where: { sha256: sha256(file) }, orderBy: { originalName: 'asc' } });
    expect(rows.map((r) => r.originalName).sort()).toEqual(['一.pdf', '二.pdf'].sort());
    expect(new Set(rows.map((r) => r.blobId)).size).toBe(1);
    expect(await testDb().fileChunk.count({ where: { blobId: rows[0].blobId! } })).toBe(2);
    for (const [agent, row] of [
      [s1, rows.find((r) => r.unitId === w1.branch.id)!],
      [s2, rows.find((r) => r.unitId === w2.branch.id)!],
    ] as const)
      expect(((await get(agent, `/attachments/${row.id}`)).body as Buffer).equals(file)).toBe(true);
  });

  it('stores nothing when the save that carries the file is refused (an edit conflict)', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    expect((await publishPage(sec, w.branch.code, [])).status).toBe(303);
    const blobs = await testDb().fileBlob.count();
    const late = await publishPage(sec, w.branch.code, [{ name: '迟到.pdf', data: uniquePdf(1000) }], 0);
    expect(late.status).toBe(409);
    expect(await testDb().attachment.count({ where: { unitId: w.branch.id } })).toBe(0);
    expect(await testDb().fileBlob.count()).toBe(blobs);
  });

  it('removes a file with its last link: a notice draft drops it, and bytes another upload shares stay', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const own = uniquePdf(CHUNK_BYTES + 1);
    const shared = uniquePdf(3000);
    const sec = await loginAs(w.secretary.username);
    expect((await publishPage(sec, w.branch.code, [{ name: '共用.pdf', data: shared }])).status).toBe(303);
    const fields = { unit: w.committee.code, title: '附件测试通知', issuer: '党委', body: '见附件。', audience: 'ALL', intent: 'draft' };
    const created = await postMultipart(office, '/notices', fields, [
      { name: '自有.pdf', data: own },
      { name: '共用副本.pdf', data: shared },
    ]);
    expect(created.status).toBe(303);
    const noticeId = Number(/\/notices\/(\d+)$/.exec(created.headers.location)![1]);
    const links = await testDb().noticeAttachment.findMany({ where: { noticeId }, select: { attachmentId: true } });
    const rows = await testDb().attachment.findMany({ where: { id: { in: links.map((l) => l.attachmentId) } } });
    const ownRow = rows.find((r) => r.originalName === '自有.pdf')!;
    const copyRow = rows.find((r) => r.originalName === '共用副本.pdf')!;

    const edited = await post(office, `/notices/${noticeId}/edit`, { ...fields, removeAttachment: [ownRow.id, copyRow.id] });
    expect(edited.status).toBe(303);
    expect(await testDb().attachment.count({ where: { id: { in: [ownRow.id, copyRow.id] } } })).toBe(0);
    expect(await testDb().fileBlob.count({ where: { id: ownRow.blobId! } })).toBe(0);
    expect(await testDb().fileChunk.count({ where: { blobId: ownRow.blobId! } })).toBe(0);
    // the page's upload of the same bytes still has them
    const page = await testDb().attachment.findFirstOrThrow({ where: { unitId: w.branch.id, originalName: '共用.pdf' } });
    expect(page.blobId).toBe(copyRow.blobId);
    expect(((await get(sec, `/attachments/${page.id}`)).body as Buffer).equals(shared)).toBe(true);
  });
});
