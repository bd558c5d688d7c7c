import type { Journey } from '../support/browser.js';
import { follow, see } from '../support/expect.js';

/** The secretary enters the month's figures for every target on one sheet: a wrong one is refused beside its field, nothing typed is lost. */
export async function boardSheet(j: Journey): Promise<void> {
  const sec = await j.login('sec01');
  await sec.goto('/units/b01/board');
  await follow(sec, sec.getByRole('link', { name: '按月填报数据' }));
  await see(sec, '数据填报');
  const fields = sec.locator('input[name^="actual_"]');
  const n = await fields.count();
  if (n < 2) throw new Error(`the month's sheet should offer every target due, it offers ${n} field(s)`);
  await j.shot(sec, 'sheet');

  await fields.nth(0).fill('不是数字');
  await fields.nth(1).fill('88');
  await follow(sec, sec.getByRole('button', { name: '保存本月数据' }));
  await see(sec, /请填写数字|数字|数值/, '.field-error');
  if ((await fields.nth(1).inputValue()) !== '88') throw new Error('the sheet lost a figure typed beside the wrong one');
  if ((await fields.nth(0).getAttribute('aria-invalid')) !== 'true') throw new Error('the wrong field is not marked');
  await j.shot(sec, 'refused');

  await fields.nth(0).fill('96');
  await follow(sec, sec.getByRole('button', { name: '保存本月数据' }));
  await see(sec, /已填报\d+年\d+月 \d+ 项目标的数据/, '.flash');
  await j.shot(sec, 'saved');
}
