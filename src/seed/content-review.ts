import type { Db } from '../db/client.js';
import { loadSessionUser } from '../domain/auth/login.service.js';
import { saveRevision } from '../domain/content/content.service.js';
import { sendBack, takeDown } from '../domain/content/review.service.js';
import type { DemoOrganisation } from './organisation.js';

/** info01 has a news item waiting in b01 and a theme-day record sent back; the office took down a b02 page revision. */
export async function seedReviewSituations(db: Db, org: DemoOrganisation) {
  const b01 = await db.unit.findUniqueOrThrow({ where: { code: 'b01' } });
  const b02 = await db.unit.findUniqueOrThrow({ where: { code: 'b02' } });
  const mod = (key: string) => db.moduleDef.findFirstOrThrow({ where: { key, template: { key: 'branch' } } });
  const [info, sec01, sec02, office] = await Promise.all(
    ['info01', 'sec01', 'sec02', 'office'].map((u) => loadSessionUser(db, org.accounts[u])),
  );
  const today = new Date().toISOString().slice(0, 10);

  const news = await mod('news');
  const newsFields = {
    date: today,
    headline: '支部组织党员观看廉政教育片',
    body: '本周，支部组织全体党员集中观看廉政教育片，并结合岗位实际开展讨论。',
  };
  await saveRevision(db, {
    unit: { ...b01 },
    moduleId: news.id,
    kind: 'RECORD',
    baseNumber: 0,
    title: newsFields.headline,
    body: '',
    fields: newsFields,
    eventDate: new Date(`${today}T00:00:00Z`),
    intent: 'submit',
    actor: info!,
  });

  const themeDay = await mod('theme-day');
  const tdFields = {
    date: today,
    theme: '安全隐患随手拍',
    place: '车间学习室',
    participants: 12,
    content: '党员分组排查生产现场安全隐患。',
  };
  const sent = await saveRevision(db, {
    unit: { ...b01 },
    moduleId: themeDay.id,
    kind: 'RECORD',
    baseNumber: 0,
    title: `主题党日：${tdFields.theme}`,
    body: '',
    fields: tdFields,
    eventDate: new Date(`${today}T00:00:00Z`),
    intent: 'submit',
    actor: info!,
  });
  await sendBack(db, { unit: b01, itemId: sent.itemId, actor: sec01!, reason: '请补充活动照片和发现的隐患清单' });

  const plan = await mod('plan');
  const planItem = await db.contentItem.findFirstOrThrow({ where: { unitId: b02.id, moduleId: plan.id, kind: 'PAGE' } });
  await saveRevision(db, {
    unit: { ...b02 },
    moduleId: plan.id,
    kind: 'PAGE',
    itemId: planItem.id,
    baseNumber: 1,
    title: '年度工作计划（修订）',
    body: '<p>修订稿：附全体党员手机号码通讯录。</p>',
    intent: 'publish',
    actor: sec02!,
  });
  await takeDown(db, { unit: b02, itemId: planItem.id, actor: office!, reason: '公开页面不得登载党员个人手机号码，请删除后重新发布' });
}
