import type { Journey } from '../support/browser.js';
import { follow, pathOf, see } from '../support/expect.js';

/** A party member logs in and browses the committee's and the branch's boards and the branch's pages. */
export async function memberBrowses(j: Journey): Promise<void> {
  const page = await j.anonymous();
  await page.goto('/units/b01');
  if (pathOf(page) !== '/login') throw new Error(`an anonymous visitor should be sent to the login page, got ${page.url()}`);
  await see(page, '演示账号');
  await j.shot(page, 'login');

  const member = await j.login('member01');
  await see(member, '单位目录');
  await j.shot(member, 'home');

  await follow(member, member.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '单位网站' }));
  await see(member, '机关党支部');
  await j.shot(member, 'units');

  await member.goto('/units/committee/board');
  await see(member, '十堰部件厂党委 · 方针管理板');
  await see(member, '目标值');
  await j.shot(member, 'committee-board');

  await member.goto('/units/b01');
  await see(member, '管理基础');
  await see(member, '管理重点');
  await see(member, '管理回顾');
  await j.shot(member, 'branch-site');

  await follow(member, member.locator('main').getByRole('link', { name: '方针管理板' }).first());
  if (pathOf(member) !== '/units/b01/board') throw new Error(`the board link led to ${member.url()}`);
  await see(member, '机关党支部 · 方针管理板');
  await j.shot(member, 'branch-board');

  await member.goto('/units/b01');
  await follow(member, member.locator('main').getByRole('link', { name: '学习园地' }).first());
  await see(member, '本月学习安排');
  if (await member.getByRole('link', { name: '编辑', exact: true }).count()) throw new Error('a member should not be offered 编辑');
  await j.shot(member, 'module-page');

  await member.goto('/units/b01/modules/news');
  await follow(member, member.locator('main table a, main .records a').first());
  await see(member, /发布|日期/);
  await j.shot(member, 'record-page');
}
