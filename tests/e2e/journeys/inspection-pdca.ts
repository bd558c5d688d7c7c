import type { Journey } from '../support/browser.js';
import { follow, pathOf, see, seeFlash } from '../support/expect.js';

const FINDING = '三会一课记录中 10 月支委会缺少签到表，会议记录未写明决议事项。';

/**
 * The office opens the morning review, starts an inspection of a branch and records a finding; the branch
 * secretary answers it through the PDCA stages; the office verifies the result and closes it.
 */
export async function inspectionPdca(j: Journey): Promise<void> {
  const office = await j.login('office');
  await follow(office, office.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '每日巡检' }));
  await see(office, '各支部按“需关注程度”从高到低排列');
  await j.shot(office, 'morning-review');
  // The office has the most links of anyone (每日巡检, 系统管理): at 1366 px its header still fits on one row.
  const header = await office.locator('.site-header').boundingBox();
  if (!header || header.height > 70) throw new Error(`the office's header wraps at 1366 px (${header?.height} px high)`);

  const row = office.getByRole('row', { name: /机关党支部/ });
  await follow(office, row.getByRole('link', { name: '开始检查' }));
  if (pathOf(office) !== '/inspections/new') throw new Error(`开始检查 led to ${office.url()}`);
  if ((await office.getByLabel('被检查支部').inputValue()) !== 'b01') throw new Error('the branch should be chosen already');
  await office.getByLabel('检查范围').fill('三会一课记录、方针管理板第三季度数据');
  await j.shot(office, 'new-inspection');
  await follow(office, office.getByRole('button', { name: '开始检查' }));
  await seeFlash(office, '已开始网上检查');

  await office.getByLabel('问题描述').fill(FINDING);
  await office.getByLabel('等级').selectOption({ label: '较重' });
  await office.getByLabel('整改期限').fill(inDays(30));
  await j.shot(office, 'record-finding');
  await follow(office, office.getByRole('button', { name: '记录问题' }));
  await seeFlash(office, '已转为该支部的整改事项');
  await see(office, FINDING);
  await j.shot(office, 'finding-recorded');
  const pdcaHref = await office
    .getByRole('row', { name: /签到表/ })
    .getByRole('link')
    .first()
    .getAttribute('href');
  if (!pdcaHref?.startsWith('/units/b01/pdca/')) throw new Error(`the finding should link to its PDCA item, got ${pdcaHref}`);

  const secretary = await j.login('sec01');
  await secretary.goto(pdcaHref);
  await see(secretary, FINDING);
  await see(secretary, 'P 计划');
  await secretary.getByLabel('原因分析').fill('支委会记录人员变动，新任组织委员不熟悉记录要求。');
  await secretary.getByLabel('整改措施').fill('补齐 10 月支委会签到表；组织委员学习《党支部工作记录规范》；每次会后由书记审签记录。');
  await secretary.getByLabel('责任人').fill('王志峰');
  await secretary.getByLabel(/本阶段说明/).fill('已制定整改计划。');
  await j.shot(secretary, 'secretary-plans');
  await follow(secretary, secretary.getByRole('button', { name: '推进' }));
  await seeFlash(secretary, '已推进到“D 实施”');
  for (const [answer, stage] of [
    ['签到表已补齐并上传，组织委员完成学习。', 'C 检查'],
    ['书记核对了 11 月两次支委会记录，决议事项齐全。', 'A 处置'],
  ]) {
    await secretary.getByLabel(/本阶段说明/).fill(answer);
    await follow(secretary, secretary.getByRole('button', { name: '推进' }));
    await seeFlash(secretary, `已推进到“${stage}”`);
  }
  await see(secretary, '等待党务室核实关闭');
  await j.shot(secretary, 'secretary-answered');

  await office.goto(pdcaHref);
  await see(office, '书记核对了 11 月两次支委会记录');
  await office.getByLabel('核实意见').fill('抽查 11 月支委会记录，签到表和决议齐全，同意关闭。');
  await j.shot(office, 'office-verifies');
  await follow(office, office.getByRole('button', { name: '核实通过并关闭' }));
  await seeFlash(office, '已核实并关闭');
  await see(office, '已关闭', 'h1');
  await j.shot(office, 'closed');

  await secretary.goto('/units/b01/pdca');
  await see(secretary, FINDING);
  await j.shot(secretary, 'branch-sees-closed');
}

/** yyyy-mm-dd, `days` from today (the date input's value). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
