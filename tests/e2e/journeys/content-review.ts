import type { Page } from 'playwright-core';
import type { Journey } from '../support/browser.js';
import { follow, see, seeFlash } from '../support/expect.js';

const MODULE = '/units/b01/modules/rules';
const FIRST = '第一稿：新增“党员积分管理办法”，每季度公示一次。';
const FIX = '修改稿：积分结果每季度在支部公开栏和本平台同时公示，党员可在公示后五个工作日内提出异议。';
const REASON = '请写明公示的地点和异议的期限';
const FILE = '党员积分管理办法.txt';

/**
 * The information officer updates a page of the branch site with an attachment and submits it; the secretary
 * sends it back with a reason; the officer fixes it and submits again; the secretary approves; members see it.
 */
export async function contentReview(j: Journey): Promise<void> {
  const officer = await j.login('info01');
  await officer.goto('/units/b01');
  await follow(officer, officer.locator('main').getByRole('link', { name: '制度职责' }).first());
  await see(officer, '机关党支部工作制度');
  await j.shot(officer, 'officer-opens-page');

  await follow(officer, officer.getByRole('link', { name: '编辑', exact: true }));
  await appendParagraph(officer, FIRST);
  await officer.locator('#attachments').setInputFiles({
    name: FILE,
    mimeType: 'text/plain',
    buffer: Buffer.from('党员积分管理办法（试行）\n第一条 为加强党员日常管理……\n', 'utf8'),
  });
  await j.shot(officer, 'officer-edits');
  await follow(officer, officer.getByRole('button', { name: '提交审核' }));
  await seeFlash(officer, '已提交审核');
  await see(officer, '未发布的版本');
  await see(officer, FIRST);
  await j.shot(officer, 'officer-submitted');

  const secretary = await j.login('sec01');
  await secretary.goto('/me/todo');
  await follow(
    secretary,
    secretary
      .getByRole('row', { name: /制度职责/ })
      .getByRole('link')
      .first(),
  );
  await see(secretary, '待审核');
  await see(secretary, FIRST);
  await secretary.getByLabel('退回原因').fill(REASON);
  await j.shot(secretary, 'secretary-reviews');
  await follow(secretary, secretary.getByRole('button', { name: '退回修改' }));
  await seeFlash(secretary, '已退回修改');
  await j.shot(secretary, 'secretary-sent-back');

  await officer.reload();
  await see(officer, REASON);
  await j.shot(officer, 'officer-sees-reason');
  await follow(officer, officer.getByRole('link', { name: '编辑', exact: true }));
  await see(officer, FIRST, '.ql-editor');
  await appendParagraph(officer, FIX);
  await follow(officer, officer.getByRole('button', { name: '提交审核' }));
  await seeFlash(officer, '已提交审核');
  await j.shot(officer, 'officer-resubmitted');

  await secretary.reload();
  await see(secretary, FIX);
  await see(secretary, FILE);
  await follow(secretary, secretary.getByRole('button', { name: '审核通过并发布' }));
  await seeFlash(secretary, '已审核发布');
  await j.shot(secretary, 'secretary-approved');

  const member = await j.login('member01');
  await member.goto(MODULE);
  await see(member, FIRST);
  await see(member, FIX);
  const attachment = await see(member, FILE);
  const download = await member.request.get((await attachment.getAttribute('href'))!);
  if (!(await download.text()).includes('党员积分管理办法')) throw new Error(`the attachment did not download: HTTP ${download.status()}`);
  await j.shot(member, 'member-reads');
}

/** Types a new paragraph at the end of the Quill editor (the toolbar shows: the script loaded). */
async function appendParagraph(page: Page, text: string): Promise<void> {
  const editor = page.locator('.ql-editor');
  await editor.waitFor({ state: 'visible' });
  await page.locator('.ql-toolbar').waitFor({ state: 'visible' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(text);
}
