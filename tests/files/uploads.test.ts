import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anonymous, loginAs, type Agent } from '../helpers/app.js';
import { asOwner, testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMultipart as upload, recordFields, type Upload } from '../helpers/multipart.js';
import { EXE, HTML, makeZip, PDF, PNG, SVG, SVG_XML, UPLOADS_DIR } from './fixtures.js';

/** The response body as bytes, whatever its type. */
function download(agent: Agent, id: number) {
  return agent
    .get(`/attachments/${id}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** Files under the uploads folder of older versions: nothing is written there any more. */
/** Files (not folders: an older version's empty transit folder may be there, made by another test of the worker) on disk. */
const diskFiles = () =>
  existsSync(UPLOADS_DIR)
    ? readdirSync(UPLOADS_DIR, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

/** A branch whose secretary publishes the 学习园地 page with the given files. */
async function pageWorld() {
  const w = await makeBranchWorld();
  const sec = await loginAs(w.secretary.username);
  const url = `/units/${w.branch.code}/modules/study/edit`;
  const publish = (files: Upload[], title = '学习资料') =>
    upload(sec, url, { title, body: '<p>本月学习资料见附件。</p>', baseNumber: 0, intent: 'publish' }, files);
  const stored = () => testDb().attachment.findMany({ where: { unitId: w.branch.id }, orderBy: { id: 'asc' } });
  return { ...w, sec, url, publish, stored };
}

/** The file name a browser saves, from an RFC 6266 / 5987 Content-Disposition header. */
function savedName(header: string): string {
  const star = /filename\*=UTF-8''([^;\s]+)/.exec(header);
  return decodeURIComponent(star![1]);
}

async function expectRefused(files: Upload[], message: string | RegExp) {
  const w = await pageWorld();
  const res = await w.publish(files, '保留的标题');
  expect(res.status).toBe(400);
  expect(res.text).toMatch(message);
  expect(res.text).toContain('value="保留的标题"');
  expect(res.text).toContain('本月学习资料见附件。');
  expect(await w.stored()).toEqual([]);
  expect(await testDb().contentItem.count({ where: { unitId: w.branch.id } })).toBe(0);
}

describe('uploads are judged by their content, not their name', () => {
  it('refuses a program renamed .pdf on a record form, keeping every typed field', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    const fields = {
      meetingType: '支委会',
      date: '2026-03-12',
      place: '车间三楼会议室',
      host: '张建国',
      recorder: '王志峰',
      due: 7,
      present: 7,
      topics: '研究发展党员工作',
      content: '会议确定发展对象一名。',
    };
    const res = await upload(
      info,
      `/units/${w.branch.code}/modules/meetings/records`,
      { ...recordFields(fields), baseNumber: 0, intent: 'submit' },
      [{ name: '会议纪要.pdf', data: EXE }],
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('附件“会议纪要.pdf”内容是 exe 格式，不在允许的文件类型之内，未能上传');
    expect(res.text).toContain('value="车间三楼会议室"');
    expect(res.text).toContain('>会议确定发展对象一名。</textarea>');
    expect(res.text).toContain('<option selected>支委会</option>');
    expect(await testDb().attachment.count({ where: { unitId: w.branch.id } })).toBe(0);
    expect(await testDb().contentItem.count({ where: { unitId: w.branch.id } })).toBe(0);
  });

  it('refuses a web page renamed .pdf or .docx', async () => {
    await expectRefused([{ name: '通知.pdf', data: HTML }], /附件“通知.pdf”不是允许的文件类型/);
    await expectRefused([{ name: '通知.docx', data: HTML }], /附件“通知.docx”不是允许的文件类型/);
  });

  it('refuses a zip renamed .docx, and a PDF renamed .png', async () => {
    await expectRefused(
      [{ name: '报告.docx', data: makeZip([{ name: 'a.txt', data: Buffer.from('x') }]) }],
      '扩展名 .docx 与文件实际内容（zip）不符',
    );
    await expectRefused([{ name: '照片.png', data: PDF }], '扩展名 .png 与文件实际内容（pdf）不符');
  });

  it('refuses the whole save when one of several files is bad, storing none of them', async () => {
    await expectRefused(
      [
        { name: '好的.pdf', data: PDF },
        { name: '坏的.pdf', data: EXE },
      ],
      '附件“坏的.pdf”',
    );
  });

  it('leaves no stored file behind when the database refuses to record the upload', async () => {
    const w = await pageWorld();
    const storedFiles = async () => [await testDb().fileBlob.count(), await testDb().fileChunk.count(), diskFiles()];
    // a trigger is the owner's to create: the app's role may not
    await asOwner(async (owner) => {
      await owner.query(
        `CREATE FUNCTION refuse_attachments() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
      );
      await owner.query(
        `CREATE TRIGGER refuse_attachments BEFORE INSERT ON "Attachment" FOR EACH ROW EXECUTE FUNCTION refuse_attachments()`,
      );
    });
    try {
      const before = await storedFiles();
      const res = await w.publish([
        { name: '资料一.pdf', data: PDF },
        { name: '资料二.pdf', data: PDF },
      ]);
      expect(res.status).toBe(500);
      expect(await storedFiles()).toEqual(before);
    } finally {
      await asOwner(async (owner) => {
        await owner.query(`DROP TRIGGER refuse_attachments ON "Attachment"`);
        await owner.query(`DROP FUNCTION refuse_attachments()`);
      });
    }
    expect((await w.publish([{ name: '资料.pdf', data: PDF }])).status).toBe(303);
  });

  it('refuses a file over 20 MB with a Chinese message, keeps the form and leaves no file anywhere', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
    const blobs = await testDb().fileBlob.count();
    await expectRefused([{ name: '大文件.pdf', data: big }], '文件过大：单个附件不能超过 20 MB');
    expect(await testDb().fileBlob.count()).toBe(blobs);
    expect(diskFiles()).toEqual([]);
  });

  it('accepts a file of exactly 20 MB', async () => {
    const w = await pageWorld();
    const res = await w.publish([{ name: '刚好.pdf', data: Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 - PDF.length, 0x20)]) }]);
    expect(res.status).toBe(303);
    expect((await w.stored())[0].size).toBe(20 * 1024 * 1024);
  });
});

describe('file names', () => {
  it('stores a path-traversal name in the database only and serves it under a safe name', async () => {
    const w = await pageWorld();
    const res = await w.publish([
      { name: '../../etc/passwd.pdf', data: PDF },
      { name: '..\\..\\Windows\\win.ini.pdf', data: PDF },
    ]);
    expect(res.status).toBe(303);
    const [a, b] = await w.stored();
    expect([a.originalName, b.originalName]).toEqual(['passwd.pdf', 'win.ini.pdf']);
    for (const x of [a, b]) expect([x.storageKey, x.blobId === null]).toEqual([null, false]);
    expect(diskFiles()).toEqual([]);
    expect(existsSync(path.resolve(UPLOADS_DIR, '../../etc/passwd.pdf'))).toBe(false);
    expect(existsSync(path.resolve(UPLOADS_DIR, 'tmp', '../../etc/passwd.pdf'))).toBe(false);
    const got = await download(w.sec, a.id);
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`);
    expect(got.body).toEqual(PDF);
  });

  it('keeps a Chinese file name through upload, page and download (RFC 5987)', async () => {
    const w = await pageWorld();
    const name = '三会一课签到表（2026年3月）.pdf';
    expect((await w.publish([{ name, data: PDF }])).status).toBe(303);
    const [a] = await w.stored();
    expect(a.originalName).toBe(name);
    const member = await loginAs(w.member.username);
    expect((await member.get(`/units/${w.branch.code}/modules/study`)).text).toContain(`>${name}</a>`);
    const got = await download(member, a.id);
    const header = String(got.headers['content-disposition']);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(savedName(header)).toBe(name);
  });

  it('encodes every character RFC 5987 does not allow, and keeps % and quotes out of the plain fallback', async () => {
    const w = await pageWorld();
    const name = `党员名单(终稿)'v2'*100%.pdf`;
    expect((await w.publish([{ name, data: PDF }])).status).toBe(303);
    const [a] = await w.stored();
    const header = String((await download(w.sec, a.id)).headers['content-disposition']);
    const value = /filename\*=UTF-8''(.*)$/.exec(header)![1];
    expect(value).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/);
    expect(savedName(header)).toBe(name);
    const fallback = /filename="([^"]*)"/.exec(header)![1];
    expect(fallback).not.toMatch(/[%"\\]/);
    expect(fallback.endsWith('.pdf')).toBe(true);
  });
});

describe('how files are served', () => {
  it('shows images inline and gives everything else as a download, never sniffed', async () => {
    const w = await pageWorld();
    expect(
      (
        await w.publish([
          { name: '活动照片.png', data: PNG },
          { name: '学习材料.pdf', data: PDF },
        ])
      ).status,
    ).toBe(303);
    const [png, pdf] = await w.stored();
    const img = await download(w.sec, png.id);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['content-disposition']).toMatch(/^inline; /);
    expect(img.body).toEqual(PNG);
    const doc = await download(w.sec, pdf.id);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.headers['content-disposition']).toMatch(/^attachment; /);
    for (const r of [img, doc]) {
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it('refuses SVG, with or without an XML declaration, and renamed .png', async () => {
    await expectRefused([{ name: '图标.svg', data: SVG, type: 'image/svg+xml' }], '附件“图标.svg”不是允许的文件类型');
    await expectRefused([{ name: '图标.svg', data: SVG_XML, type: 'image/svg+xml' }], '内容是 xml 格式，不在允许的文件类型之内');
    await expectRefused([{ name: '图标.png', data: SVG, type: 'image/png' }], '附件“图标.png”不是允许的文件类型');
  });

  it('keeps markup renamed .txt as plain text that is only ever downloaded', async () => {
    const w = await pageWorld();
    expect(
      (
        await w.publish([
          { name: '说明.txt', data: SVG },
          { name: '网页.txt', data: HTML },
        ])
      ).status,
    ).toBe(303);
    for (const a of await w.stored()) {
      expect(a.mimeType).toBe('text/plain; charset=utf-8');
      const got = await download(w.sec, a.id);
      expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(got.headers['content-disposition']).toMatch(/^attachment; /);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-security-policy']).toContain("default-src 'none'");
    }
  });

  it('lets only the uploader and the unit’s editors fetch a file before it is published', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    const res = await upload(
      info,
      `/units/${w.branch.code}/modules/study/edit`,
      { title: '草稿', body: '<p>待审核</p>', baseNumber: 0, intent: 'submit' },
      [{ name: '草稿.pdf', data: PDF }],
    );
    expect(res.status).toBe(303);
    const a = await testDb().attachment.findFirstOrThrow({ where: { unitId: w.branch.id } });
    expect((await download(info, a.id)).status).toBe(200);
    expect((await download(await loginAs(w.secretary.username), a.id)).status).toBe(200);
    expect((await download(await loginAs(w.member.username), a.id)).status).toBe(403);
    expect((await download(await loginAs(w.otherSecretary.username), a.id)).status).toBe(403);
    const anon = await anonymous().get(`/attachments/${a.id}`);
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toContain('/login');
    expect((await download(info, 999999999)).status).toBe(404);
  });

  it('lets every member fetch a file once a revision carrying it is published, however many drafts carried it before', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    await upload(
      info,
      `/units/${w.branch.code}/modules/study/edit`,
      { title: '草稿', body: '<p>待审核</p>', baseNumber: 0, intent: 'submit' },
      [{ name: '资料.pdf', data: PDF }],
    );
    const db = testDb();
    const a = await db.attachment.findFirstOrThrow({ where: { unitId: w.branch.id } });
    const first = await db.revision.findFirstOrThrow({ where: { attachments: { some: { attachmentId: a.id } } } });
    const rev = (number: number, status: 'REJECTED' | 'PUBLISHED') =>
      db.revision.create({
        data: {
          itemId: first.itemId,
          number,
          status,
          title: '草稿',
          body: '<p>待审核</p>',
          authorId: w.infoOfficer.id,
          attachments: { create: { attachmentId: a.id } },
        },
      });
    for (let n = 2; n <= 61; n++) await rev(n, 'REJECTED');
    const member = await loginAs(w.member.username);
    expect((await download(member, a.id)).status).toBe(403);
    const published = await rev(62, 'PUBLISHED');
    await db.contentItem.update({
      where: { id: first.itemId },
      data: { publishedRevisionId: published.id, headNumber: 62, publishedAt: new Date() },
    });
    expect((await download(member, a.id)).status).toBe(200);
  });
});

describe('zip archives', () => {
  it('accepts an ordinary zip and serves it as a download', async () => {
    const w = await pageWorld();
    const zip = makeZip([
      { name: '签到表.txt', data: Buffer.from('张建国\n王志峰\n'.repeat(50)) },
      { name: '照片/说明.txt', data: Buffer.from('七一活动照片说明') },
    ]);
    expect((await w.publish([{ name: '活动材料.zip', data: zip }])).status).toBe(303);
    const [a] = await w.stored();
    expect(a.mimeType).toBe('application/zip');
    expect((await download(w.sec, a.id)).headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('refuses a zip that claims to unpack to gigabytes', async () => {
    const zip = makeZip([{ name: 'a.txt', data: Buffer.from('x'.repeat(1000)), declaredSize: 0xfffffff0 }]);
    expect(zip.length).toBeLessThan(2000);
    await expectRefused([{ name: '资料.zip', data: zip }], '压缩包解压后过大（疑似压缩炸弹）');
  });

  it('refuses a zip whose entries together unpack to more than 200 MB', async () => {
    const zip = makeZip(
      Array.from({ length: 3 }, (_, i) => ({ name: `part${i}.txt`, data: Buffer.from('y'.repeat(100)), declaredSize: 90 * 1024 * 1024 })),
    );
    await expectRefused([{ name: '资料.zip', data: zip }], '压缩包解压后过大（疑似压缩炸弹）');
  });

  it('refuses a zip that is compressed beyond reason (a real small bomb)', async () => {
    const zip = makeZip([{ name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(64 * 1024);
    await expectRefused([{ name: '资料.zip', data: zip }], '压缩包解压后过大（疑似压缩炸弹）');
  });

  it('refuses a zip with paths that climb out of the folder it is unpacked into', async () => {
    await expectRefused(
      [{ name: '资料.zip', data: makeZip([{ name: '../../etc/cron.d/job', data: Buffer.from('* * * * * root sh') }]) }],
      '压缩包内含有不安全的路径',
    );
    await expectRefused(
      [{ name: '资料.zip', data: makeZip([{ name: '/etc/passwd', data: Buffer.from('x') }]) }],
      '压缩包内含有不安全的路径',
    );
    await expectRefused(
      [{ name: '资料.zip', data: makeZip([{ name: 'C:\\Windows\\x.dll', data: Buffer.from('x') }]) }],
      '压缩包内含有不安全的路径',
    );
  });

  it('refuses a broken zip', async () => {
    const zip = makeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    await expectRefused([{ name: '资料.zip', data: zip.subarray(0, zip.length - 30) }], '压缩包已损坏，无法读取');
  });
});
