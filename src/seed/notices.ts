import dayjs from 'dayjs';
import type { Db } from '../db/client.js';
import type { NoticeAudience, NoticeStatus } from '../generated/prisma/enums.js';
import { isPartyMember } from '../domain/notices/notice.policy.js';
import type { DemoOrganisation } from './organisation.js';
import { rng } from './random.js';

const DAY = 86_400_000;

interface DemoNotice {
  /** `committee`, or the branch code that issues it. */
  from: string;
  title: string;
  docNumber?: string;
  issuer?: string;
  body: string[];
  audience: NoticeAudience;
  /** Branch codes, for audience UNITS. */
  to?: string[];
  membersOnly?: boolean;
  /** Days ago it was published (negative: not yet, a draft). */
  ago: number;
  /** Acknowledgement deadline, in days from today (negative: passed). */
  ackIn?: number;
  withdrawn?: string;
  /** Share of the audience that has read it, and of those that acknowledged. */
  read: number;
  ack?: number;
  /** Remind the pending people of these branches (as the issuer). */
  remind?: string[];
}

const ALL_BRANCHES = Array.from({ length: 12 }, (_, i) => `b${String(i + 1).padStart(2, '0')}`);

const NOTICES: DemoNotice[] = [
  {
    from: 'committee',
    title: '关于召开2026年党建工作会议的通知',
    docNumber: '十部党发〔2026〕1号',
    audience: 'ALL',
    ago: 330,
    read: 0.93,
    body: [
      '各党支部、各部门：',
      '经党委研究，定于1月20日上午8:30在行政楼一楼会议室召开2026年党建工作会议，总结2025年党建工作，部署2026年重点任务，表彰先进。',
      '请各党支部书记、支部委员及受表彰人员准时参会，会前将年度党建工作总结报党务室。',
    ],
  },
  {
    from: 'committee',
    title: '关于做好2026年度党费收缴工作的通知',
    docNumber: '十部党发〔2026〕3号',
    audience: 'MEMBERS',
    ago: 300,
    read: 0.88,
    body: [
      '各党支部：',
      '根据《中国共产党党费收缴、使用和管理的规定》，现就2026年度党费收缴工作通知如下：',
      '一、各支部组织委员于每月10日前完成本支部党费收缴，并在平台“党费收缴”模块登记。',
      '二、党员工资调整的，自调整当月起按新基数计算。',
      '三、党务室每季度通报各支部党费收缴情况。',
    ],
  },
  {
    from: 'committee',
    title: '关于春节期间廉洁过节的提醒',
    docNumber: '十部纪〔2026〕2号',
    issuer: '中共十堰部件厂纪律检查委员会',
    audience: 'ALL',
    ago: 290,
    read: 0.9,
    body: [
      '全体干部员工：',
      '春节将至，为持续巩固作风建设成果，现就廉洁过节提醒如下：严禁违规收送礼品礼金、消费卡；严禁公车私用；严禁违规操办婚丧喜庆事宜。',
      '欢迎广大员工监督，举报电话：0719-8200110。',
    ],
  },
  {
    from: 'committee',
    title: '关于开展“七一”主题党日活动的通知',
    docNumber: '十部党发〔2026〕7号',
    audience: 'MEMBERS',
    ago: 150,
    ackIn: -135,
    read: 0.86,
    ack: 0.9,
    body: [
      '各党支部：',
      '为庆祝中国共产党成立105周年，党委决定6月下旬在全厂开展“重温入党誓词、践行初心使命”主题党日活动。',
      '各支部结合实际制定活动方案，活动结束后一周内在平台“主题党日”模块上传活动记录和照片。',
    ],
  },
  {
    from: 'committee',
    title: '关于转发《中共东风公司委员会关于加强基层党支部标准化规范化建设的意见》的通知',
    docNumber: '十部党发〔2026〕9号',
    issuer: '中共东风公司委员会',
    audience: 'MEMBERS',
    ago: 40,
    ackIn: -25,
    read: 0.8,
    ack: 0.85,
    body: [
      '各党支部：',
      '现将《中共东风公司委员会关于加强基层党支部标准化规范化建设的意见》转发给你们，请结合本支部实际认真贯彻落实。',
      '各支部要对照意见中的“七个规范”逐项自查，查找差距，形成整改清单，于规定期限内报党务室。',
    ],
  },
  {
    from: 'committee',
    title: '关于组织观看廉政警示教育片的通知',
    docNumber: '十部党发〔2026〕11号',
    audience: 'MEMBERS',
    ago: 20,
    read: 0.6,
    withdrawn: '放映时间和地点调整，另行通知',
    body: ['各党支部：', '定于本周五下午在职工活动中心组织观看廉政警示教育片，请各支部组织党员按时参加。'],
  },
  {
    from: 'committee',
    title: '关于襄阳工厂各党支部开展党建联建共建的通知',
    docNumber: '十部党发〔2026〕13号',
    audience: 'UNITS',
    to: ['b09', 'b10', 'b11'],
    ago: 6,
    ackIn: 5,
    read: 0.55,
    ack: 0.6,
    body: [
      '襄阳装配党支部、襄阳机加党支部、襄阳综合党支部：',
      '为推动党建工作与生产经营深度融合，党委决定在襄阳工厂开展党建联建共建试点。',
      '请三个支部共同制定联建方案，明确共建项目、责任人和时间节点，于期限内确认并报党务室。',
    ],
  },
  {
    from: 'committee',
    title: '关于开展“三会一课”专项检查的通知',
    docNumber: '十部党发〔2026〕12号',
    audience: 'MEMBERS',
    ago: 3,
    ackIn: 10,
    read: 0.45,
    ack: 0.55,
    remind: ['b01', 'b04', 'b12'],
    body: [
      '各党支部：',
      '为进一步严格党的组织生活，党委决定于本月开展“三会一课”制度落实情况专项检查。',
      '一、检查内容：支部党员大会、支委会、党小组会和党课的召开频次、记录规范性、党员参会率。',
      '二、检查方式：各支部先行自查，党务室通过平台“三会一课”模块网上检查，并抽查部分支部原始记录。',
      '三、请全体党员阅读本通知后点击“确认已阅”。',
    ],
  },
  {
    from: 'committee',
    title: '关于做好冬季安全生产和消防安全工作的通知',
    docNumber: '十部党发〔2026〕15号',
    audience: 'ALL',
    ago: 1,
    ackIn: 7,
    read: 0.35,
    ack: 0.6,
    body: [
      '各党支部、全体员工：',
      '入冬以来气温下降，用电、用火、用气增多，为保障冬季安全生产，现将有关事项通知如下。',
      '一、各党支部组织本单位开展一次安全隐患自查，重点检查车间电气线路、消防通道和灭火器材。',
      '二、党员带头落实岗位安全责任，“党员先锋岗”在安全检查中亮身份、作表率。',
      '三、请全体员工阅读本通知后点击“确认已阅”。',
    ],
  },
  {
    from: 'committee',
    title: '关于推荐2026年度优秀共产党员和优秀党务工作者的通知',
    docNumber: '十部党发〔2026〕14号',
    audience: 'UNITS',
    to: ALL_BRANCHES,
    ago: -1,
    ackIn: 20,
    read: 0,
    body: [
      '各党支部：',
      '经党委研究，决定开展2026年度优秀共产党员、优秀党务工作者评选表彰工作。请各支部按照名额分配，经支部党员大会讨论后推荐。',
    ],
  },
  {
    from: 'b01',
    title: '关于召开第四季度支部党员大会的通知',
    issuer: '机关党支部',
    audience: 'UNITS',
    to: ['b01'],
    membersOnly: true,
    ago: 2,
    ackIn: 4,
    read: 0.5,
    ack: 0.7,
    body: [
      '支部全体党员：',
      '支部定于下周三下午4:30在行政楼三楼会议室召开第四季度党员大会，学习党委“三会一课”专项检查通知，讨论推荐年度优秀共产党员。',
      '请全体党员准时参加，因故不能参加的请向支部书记请假。',
    ],
  },
  {
    from: 'b02',
    title: '关于开展机加车间“党员先锋岗”评选的通知',
    issuer: '机加车间党支部',
    audience: 'UNITS',
    to: ['b02'],
    ago: 15,
    read: 0.75,
    body: [
      '车间全体员工：',
      '为发挥党员在生产一线的先锋模范作用，支部决定开展本季度“党员先锋岗”评选，欢迎全体员工推荐身边的优秀党员。',
      '推荐表请于本月25日前交车间办公室。',
    ],
  },
];

/** The committee's and two branches' notices of the past year, with receipts, acknowledgements and reminders. */
export async function seedNotices(db: Db, org: DemoOrganisation): Promise<void> {
  const r = rng(606);
  const now = Date.now();
  const today = dayjs().format('YYYY-MM-DD');
  const unitIdOf = new Map<string, number>([
    ['committee', org.committeeId],
    ...org.branches.map((b) => [b.code, b.id] as [string, number]),
  ]);
  const branchOf = new Map(org.branches.map((b) => [b.code, b]));
  const names = new Map(org.branches.map((b) => [b.code, b.name]));
  const creatorOf = async (from: string) =>
    from === 'committee'
      ? org.accounts.office
      : (await db.roleGrant.findFirstOrThrow({ where: { role: 'SECRETARY', unitId: unitIdOf.get(from) } })).personId;
  // those whose pages show what waits: member01 has not yet seen the newest two meant for them, staff01 the newest for everyone
  const unreadBy = new Map([
    [org.accounts.member01, ['关于开展“三会一课”专项检查的通知', '关于召开第四季度支部党员大会的通知']],
    [org.accounts.staff01, ['关于开展机加车间“党员先锋岗”评选的通知']],
  ]);

  for (const n of NOTICES) {
    const publishedAt = n.ago >= 0 ? new Date(now - n.ago * DAY - 3 * 3_600_000) : null;
    const status: NoticeStatus = n.ago < 0 ? 'DRAFT' : n.withdrawn ? 'WITHDRAWN' : 'PUBLISHED';
    const createdById = await creatorOf(n.from);
    const notice = await db.notice.create({
      data: {
        unitId: unitIdOf.get(n.from)!,
        title: n.title,
        docNumber: n.docNumber ?? '',
        issuer: n.issuer ?? (n.from === 'committee' ? '十堰部件厂党委' : names.get(n.from)!),
        body: n.body.map((p) => `<p>${p}</p>`).join(''),
        audience: n.audience,
        membersOnly: !!n.membersOnly,
        ackRequired: n.ackIn !== undefined,
        ackDeadline: n.ackIn === undefined ? null : new Date(`${dayjs(today).add(n.ackIn, 'day').format('YYYY-MM-DD')}T00:00:00Z`),
        status,
        publishedAt,
        withdrawnAt: n.withdrawn ? new Date(now - (n.ago - 1) * DAY) : null,
        withdrawReason: n.withdrawn ?? '',
        createdById,
        createdAt: publishedAt ?? new Date(now - DAY),
        updatedAt: publishedAt ?? new Date(now - DAY),
      },
    });
    const to = (n.to ?? []).flatMap((code) => [
      { unitId: branchOf.get(code)!.id, chosen: true },
      ...branchOf.get(code)!.groupIds.map((g) => ({ unitId: g, chosen: false })),
    ]);
    if (to.length) await db.noticeUnit.createMany({ data: to.map((u) => ({ ...u, noticeId: notice.id })) });
    if (!publishedAt) continue;

    const toBranches = new Set((n.to ?? []).map((c) => unitIdOf.get(c)));
    const audience = org.people.filter(
      (p) =>
        (n.audience === 'ALL' || n.audience === 'UNITS' || isPartyMember(p.partyStatus)) &&
        (n.audience !== 'UNITS' || toBranches.has(p.unitId)) &&
        (!n.membersOnly || isPartyMember(p.partyStatus)),
    );
    const receipts: { noticeId: number; personId: number; readAt: Date; acknowledgedAt: Date | null }[] = [];
    const pending: typeof audience = [];
    for (const p of audience) {
      const read = !unreadBy.get(p.id)?.includes(n.title) && r.chance(n.read);
      if (!read) {
        pending.push(p);
        continue;
      }
      const readAt = new Date(publishedAt.getTime() + r.int(1, Math.max(2, Math.min(n.ago, 10)) * 24) * 3_600_000 * 0.9);
      const acked = n.ack !== undefined && r.chance(n.ack);
      receipts.push({
        noticeId: notice.id,
        personId: p.id,
        readAt: readAt.getTime() > now ? new Date(now - 3_600_000) : readAt,
        acknowledgedAt: acked ? new Date(Math.min(readAt.getTime() + r.int(5, 300) * 60_000, now - 60_000)) : null,
      });
      if (n.ack !== undefined && !acked) pending.push(p);
    }
    await db.noticeReceipt.createMany({ data: receipts });
    const remindUnits = new Set((n.remind ?? []).map((c) => unitIdOf.get(c)));
    const reminded = pending.filter((p) => remindUnits.has(p.unitId));
    if (reminded.length) {
      await db.noticeReminder.createMany({
        data: reminded.map((p) => ({
          noticeId: notice.id,
          personId: p.id,
          fromName: n.from === 'committee' ? '党务室' : names.get(n.from)!,
          remindedById: createdById,
          remindedAt: new Date(now - 5 * 3_600_000),
        })),
      });
    }
  }
}
