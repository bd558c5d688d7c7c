import type { Journey } from '../support/browser.js';
import { follow, pathOf, see } from '../support/expect.js';

/**
 * The members' party affairs as their officers use them: the office's dues rate table refuses a bracket that would
 * overlap and keeps what was typed; the organisation member goes from the roster's recruitment module to the
 * pipeline's record form; last year's appraisal round shows its results.
 */
export async function membersAffairs(j: Journey): Promise<void> {
  const office = await j.login('office');
  await office.goto('/dues/rates');
  await see(office, '党费交纳标准');
  await office.getByLabel('新标准的类别').selectOption({ label: '在职党员（税后月工资）' });
  await office.getByLabel('新标准的名称和依据').fill('试行档');
  await office.locator('#above_new').fill('3000');
  await office.locator('#upTo_new').fill('6000');
  await office.locator('#rate_new').fill('1');
  await follow(office, office.getByRole('button', { name: '增加此条' }));
  await see(office, /重叠/);
  if ((await office.getByLabel('新标准的名称和依据').inputValue()) !== '试行档')
    throw new Error('the refused line was not kept in the form');
  await j.shot(office, 'rates-refused');

  const org = await j.login('org01');
  await org.goto('/units/b01/modules/recruitment');
  await follow(org, org.getByRole('link', { name: '在发展党员流程中记录' }));
  if (pathOf(org) !== '/units/b01/recruitment') throw new Error(`the roster's link went to ${org.url()}`);
  await see(org, '记录发展步骤');
  await j.shot(org, 'pipeline');

  const year = new Date().getFullYear() - 1;
  await org.goto(`/units/b01/appraisals/${year}`);
  await see(org, `${year}年度民主评议党员`);
  await j.shot(org, 'appraisal-round');
}
