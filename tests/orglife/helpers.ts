import { testDb } from '../helpers/db.js';
import { postForm, type Agent } from '../helpers/app.js';
import { recordFields } from '../helpers/multipart.js';

/** A meeting record posted through the form (a secretary's save publishes at once); returns the response and the item. */
export async function postMeeting(
  agent: Agent,
  unit: { id: number; code: string },
  fields: Record<string, string | number>,
  extra: Record<string, unknown> = {},
) {
  const res = await postForm(agent, `/units/${unit.code}/modules/meetings/records`, {
    ...recordFields({
      place: '党员活动室',
      host: '张建国',
      recorder: '王志峰',
      due: 5,
      present: 5,
      topics: '学习贯彻会议精神',
      content: '会议传达学习了有关精神并作出部署。',
      ...fields,
    }),
    baseNumber: 0,
    intent: 'publish',
    ...extra,
  });
  const item = await testDb().contentItem.findFirst({ where: { unitId: unit.id, kind: 'RECORD' }, orderBy: { id: 'desc' } });
  return { res, item };
}

/** A 主题党日 or 组织生活会 record, published. */
export async function postRecord(agent: Agent, unit: { code: string }, moduleKey: string, fields: Record<string, string | number>) {
  return postForm(agent, `/units/${unit.code}/modules/${moduleKey}/records`, { ...recordFields(fields), baseNumber: 0, intent: 'publish' });
}

/** The status class of one period's cell in the org-life grid row whose heading starts with `label`. */
export function cellOf(html: string, label: string, period: string): string | undefined {
  const row = html.split('<tr>').find((r) => r.includes(`<th scope="row">${label}`));
  const m = row && new RegExp(`class="orglife-cell (\\w+)" data-period="${period}"`).exec(row);
  return m?.[1];
}
