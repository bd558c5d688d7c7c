import type { Db } from '../db/client.js';
import type { VoiceCategory, VoiceMessageKind, VoiceStatus } from '../generated/prisma/enums.js';
import { ANONYMOUS_ACTION_SUFFIX } from '../domain/audit/audit.service.js';
import { CATEGORY_LABELS } from '../domain/voices/voices.labels.js';
import type { DemoOrganisation } from './organisation.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface DemoVoice {
  unit: string;
  /** A demo account, or the n-th generated person of the unit. */
  by: string | number;
  category: VoiceCategory;
  title: string;
  body: string;
  anonymous?: boolean;
  consent?: boolean;
  status: VoiceStatus;
  daysAgo: number;
  /** Hours from writing to the first answer. */
  answerHours?: number;
  published?: boolean;
  answer?: string;
  reply?: string;
  final?: string;
}

const VOICES: DemoVoice[] = [
  {
    unit: 'b01',
    by: 'member01',
    category: 'SUGGESTION',
    title: '建议把支部集中学习固定在每周四下午',
    body: '现在集中学习的时间经常临时调整，倒班的同志很难参加。建议固定在每周四下午四点，并提前一周在支部网站公布学习内容。',
    consent: true,
    status: 'CLOSED',
    daysAgo: 40,
    answerHours: 20,
    published: true,
    answer: '感谢建议。支委会已研究，从下月起集中学习固定在每周四16:00，学习内容提前一周在“学习园地”公布。',
    reply: '倒班的同志能否补学？',
    final: '倒班同志可在当周内观看学习录像并提交学习心得，由党小组长记录。',
  },
  {
    unit: 'b01',
    by: 'staff01',
    category: 'HELP',
    title: '家中老人住院，夜班调班有困难',
    body: '母亲近期住院需要陪护，这个月排了十二个夜班，能否协调调整一部分到白班？',
    anonymous: true,
    status: 'ANSWERED',
    daysAgo: 12,
    answerHours: 6,
    answer: '已与车间调度沟通，下周起可将夜班调整为每周不超过两次，请与班组长确认具体班次。如有其他困难可随时反映。',
  },
  {
    unit: 'b01',
    by: 'member01',
    category: 'THOUGHT',
    title: '参加“安全隐患随手拍”主题党日后的几点体会',
    body: '这次主题党日让我认识到党员在安全生产中的示范作用，不只是发现问题，更要跟踪整改到位。我准备带头把本工位的隐患清单每周更新一次。',
    status: 'ANSWERED',
    daysAgo: 5,
    answerHours: 30,
    answer: '体会很实在。请把工位隐患清单的做法在下次党小组会上介绍一下，支部准备在全车间推广。',
  },
  {
    unit: 'b01',
    by: 3,
    category: 'SUGGESTION',
    title: '车间休息区饮水机老化，建议更换',
    body: '休息区两台饮水机已经使用八年，出水慢、有异味，夏季高温时排队时间长。',
    anonymous: true,
    consent: true,
    status: 'OPEN',
    daysAgo: 16,
  },
  {
    unit: 'b01',
    by: 7,
    category: 'PRAISE',
    title: '表扬王师傅连续三晚抢修淬火设备',
    body: '上周淬火炉故障，设备班王师傅连续三个晚上加班抢修，保证了订单按时交付，建议支部给予表扬。',
    status: 'OPEN',
    daysAgo: 1,
  },
  {
    unit: 'b02',
    by: 2,
    category: 'SUGGESTION',
    title: '机加车间通风改善建议',
    body: '磨削工段油雾较大，建议在两台磨床上方加装局部排风，并定期清洗过滤网。',
    consent: true,
    status: 'CLOSED',
    daysAgo: 60,
    answerHours: 48,
    published: true,
    answer: '已将建议提交设备动力部，两台局部排风装置已列入本季度技改计划。',
    reply: '请问大概什么时候安装？',
    final: '设备已到货，计划在下月检修期间安装，安装后请大家反馈效果。',
  },
  {
    unit: 'b02',
    by: 5,
    category: 'HELP',
    title: '子女入学政策咨询',
    body: '孩子明年上小学，想了解公司与附近学校的共建政策和报名时间。',
    anonymous: true,
    status: 'OPEN',
    daysAgo: 25,
  },
  {
    unit: 'b03',
    by: 4,
    category: 'SUGGESTION',
    title: '装配线工位照明不足',
    body: '三号装配线后段照明偏暗，夜班拧紧作业容易看错标记，建议增加工位灯。',
    anonymous: true,
    consent: true,
    status: 'ANSWERED',
    daysAgo: 20,
    answerHours: 70,
    published: true,
    answer: '经现场测量，后段照度确实不足。已为12个工位加装LED工位灯，谢谢您的细心发现。',
  },
  {
    unit: 'b04',
    by: 6,
    category: 'OTHER',
    title: '希望组织一次红色教育基地参观',
    body: '建议今年组织党员和入党积极分子到红色教育基地参观学习，可以与主题党日结合。',
    status: 'REPLIED',
    daysAgo: 30,
    answerHours: 12,
    answer: '建议很好，支委会正在联系参观地点，初定下季度。',
    reply: '希望能带上入党积极分子一起去。',
  },
  {
    unit: 'b05',
    by: 8,
    category: 'SUGGESTION',
    title: '质量例会与党小组会时间冲突',
    body: '每月第二周周三的质量例会和党小组会经常冲突，建议错开安排。',
    status: 'OPEN',
    daysAgo: 9,
  },
  {
    unit: 'b06',
    by: 17,
    category: 'THOUGHT',
    title: '入党积极分子第三季度思想汇报',
    body: '本季度我参加了支部组织的三次学习，结合技术攻关工作，进一步理解了“把论文写在产品上”的要求……',
    status: 'ANSWERED',
    daysAgo: 45,
    answerHours: 96,
    answer: '思想汇报已收到。培养联系人将与你谈心谈话，希望继续在技术攻关中发挥作用。',
  },
  {
    unit: 'b09',
    by: 9,
    category: 'HELP',
    title: '襄阳厂区班车线路调整建议',
    body: '新开的东区宿舍没有班车站点，职工上下班要步行二十分钟，希望增加一个站点。',
    anonymous: true,
    status: 'OPEN',
    daysAgo: 35,
  },
  {
    unit: 'b12',
    by: 4,
    category: 'SUGGESTION',
    title: '希望为行动不便的老党员送学上门',
    body: '支部有几位老党员行动不便，参加集中学习有困难，建议定期送学上门。',
    status: 'OPEN',
    daysAgo: 3,
  },
  {
    unit: 'committee',
    by: 10,
    category: 'SUGGESTION',
    title: '建议党委网站增加党费计算说明',
    body: '很多党员不清楚工资调整后党费基数怎么算，建议在网站上放一个计算说明和示例。',
    consent: true,
    status: 'CLOSED',
    daysAgo: 50,
    answerHours: 24,
    answer: '党务室已在“党务工作指南”中增加党费计算说明和示例。',
    reply: '退休党员的计算方法也请补充。',
    final: '已补充离退休党员党费计算方法。',
  },
  {
    unit: 'committee',
    by: 11,
    category: 'SUGGESTION',
    title: '关于评优评先名额分配的意见',
    body: '建议评优名额向一线班组倾斜，并公开评选过程和得票情况。',
    anonymous: true,
    status: 'OPEN',
    daysAgo: 8,
  },
  {
    unit: 'committee',
    by: 12,
    category: 'PRAISE',
    title: '表扬党务室及时解答党费问题',
    body: '上周咨询党费补缴问题，党务室当天就给了详细答复，效率很高。',
    status: 'ANSWERED',
    daysAgo: 15,
    answerHours: 5,
    answer: '谢谢鼓励，我们会继续做好服务。',
  },
];

const MESSAGES: [keyof DemoVoice & ('answer' | 'reply' | 'final'), VoiceMessageKind][] = [
  ['answer', 'ANSWER'],
  ['reply', 'REPLY'],
  ['final', 'FINAL'],
];

/**
 * Voices to branches and the committee (some anonymous, some answered with a reply, some old and unanswered,
 * three public with consent), and two consultations: one open with opinions, one closed with its summary.
 */
export async function seedVoices(db: Db, org: DemoOrganisation): Promise<void> {
  const now = Date.now();
  const units = await db.unit.findMany({
    where: { code: { in: [...new Set(VOICES.map((v) => v.unit))] } },
    select: { id: true, code: true, name: true },
  });
  const unitOf = new Map(units.map((u) => [u.code, u]));
  const secretaries = await db.roleGrant.findMany({
    where: { role: 'SECRETARY', unitId: { in: units.map((u) => u.id) } },
    select: { unitId: true, personId: true },
    orderBy: { id: 'asc' },
  });
  const answererOf = new Map<number, number>();
  for (const s of secretaries) if (!answererOf.has(s.unitId!)) answererOf.set(s.unitId!, s.personId);
  answererOf.set(org.committeeId, org.accounts.office);
  const generated = org.people.filter((p) => /^\d+$/.test(p.username));
  // Letters to the committee come from people all over the company; a branch's from its own people.
  const personOf = (unitId: number, by: string | number) =>
    typeof by === 'string'
      ? org.accounts[by]
      : unitId === org.committeeId
        ? generated[(by * 37) % generated.length].id
        : generated.filter((p) => p.unitId === unitId)[by].id;

  for (const v of VOICES) {
    const unit = unitOf.get(v.unit)!;
    const authorId = personOf(unit.id, v.by);
    const answererId = answererOf.get(unit.id) ?? org.accounts.office;
    const createdAt = new Date(now - v.daysAgo * DAY);
    const answeredAt = v.answerHours ? new Date(createdAt.getTime() + v.answerHours * HOUR) : null;
    const messages = MESSAGES.filter(([key]) => v[key]).map(([key, kind], i) => ({
      kind,
      body: v[key]!,
      authorId: kind === 'REPLY' ? authorId : answererId,
      createdAt: new Date(answeredAt!.getTime() + i * 20 * HOUR),
    }));
    const voice = await db.voice.create({
      data: {
        unitId: unit.id,
        authorId,
        category: v.category,
        title: v.title,
        body: v.body,
        anonymous: !!v.anonymous,
        publicConsent: !!v.consent,
        status: v.status,
        answeredAt,
        publishedAt: v.published ? new Date(messages.at(-1)!.createdAt.getTime() + 2 * HOUR) : null,
        createdAt,
        messages: { create: messages },
      },
    });
    await db.auditLog.create({
      data: {
        at: createdAt,
        actorId: authorId,
        action: v.anonymous ? `voice.written${ANONYMOUS_ACTION_SUFFIX}` : 'voice.written',
        entityType: 'Voice',
        entityId: String(voice.id),
        unitId: unit.id,
        summary: `${v.anonymous ? '匿名' : ''}写给${unit.name}（${CATEGORY_LABELS[v.category]}）：${v.title}`,
      },
    });
  }
  await seedConsultations(db, org, now);
}

const day = (now: number, offset: number) => new Date(`${new Date(now + offset * DAY).toISOString().slice(0, 10)}T00:00:00Z`);

async function seedConsultations(db: Db, org: DemoOrganisation, now: number) {
  const generated = org.people.filter((p) => /^\d+$/.test(p.username));
  const open = await db.consultation.create({
    data: {
      unitId: org.committeeId,
      companyWide: true,
      audience: 'ALL',
      createdById: org.accounts.office,
      createdAt: new Date(now - 5 * DAY),
      title: '关于调整职工食堂夜班供餐时间的意见征求',
      description:
        '为方便夜班职工就餐，党委拟会同行政调整职工食堂夜班供餐时间，初步方案为：夜宵供应时间由23:30—0:30调整为0:00—1:00，并增加面食窗口。请大家就供餐时间、品种和窗口设置提出意见。',
      startDate: day(now, -5),
      endDate: day(now, 9),
    },
  });
  const openOpinions = [
    '建议保留23:30的供餐，12点下班的班组来不及。',
    '面食窗口很好，希望增加清淡的品种。',
    '希望夜宵能提供热豆浆。',
    '襄阳厂区是否同步调整？请一并考虑。',
    '建议食堂公布每周菜单。',
    '0:00开始比较合适，同意方案。',
  ];
  const at = (daysAgo: number) => ({ createdAt: new Date(now - daysAgo * DAY), updatedAt: new Date(now - daysAgo * DAY) });
  await db.consultationOpinion.createMany({
    data: openOpinions.map((body, i) => ({ consultationId: open.id, authorId: generated[i * 23 + 5].id, body, ...at(4 - (i % 4)) })),
  });

  const closed = await db.consultation.create({
    data: {
      unitId: org.committeeId,
      companyWide: true,
      audience: 'MEMBERS',
      createdById: org.accounts.office,
      createdAt: new Date(now - 40 * DAY),
      title: '2026年度党员教育培训计划意见征求',
      description:
        '党委拟定了2026年度党员教育培训计划（草案），包括专题党课、线上学习和实地参观三部分。请各位党员就培训内容、形式和时间安排提出意见。',
      startDate: day(now, -40),
      endDate: day(now, -20),
      summaryHeard:
        '共收到党员意见5条，主要集中在：一是希望减少集中授课、增加案例教学；二是倒班党员参加集中培训困难；三是希望增加技能与党建融合的内容。',
      summaryActions:
        '一是每季度专题党课中至少安排一次案例教学；二是所有集中培训录像上传“学习园地”，倒班党员可在两周内补学；三是在培训计划中增加“党员技术攻关项目交流”专题。修订后的计划已在党委网站公布。',
      summaryPublishedAt: new Date(now - 15 * DAY),
    },
  });
  const members = generated.filter((p) => p.partyStatus === 'FULL');
  const closedOpinions = [
    '集中授课太多，希望多讲身边的案例。',
    '倒班党员很难参加集中培训，能否提供录像？',
    '建议增加技术攻关与党建结合的交流。',
    '实地参观希望安排在周末以外的时间。',
    '希望培训后有简单的测试，检验学习效果。',
  ];
  await db.consultationOpinion.createMany({
    data: closedOpinions.map((body, i) => ({ consultationId: closed.id, authorId: members[i * 31 + 2].id, body, ...at(35 - i * 3) })),
  });
}
