import { themeDayOf, topicsOf } from './calendar.js';
import { featuredStory } from './featured-texts.js';

/** Realistic Chinese content for the demo sites: page bodies by module key, and generators for record fields. */
export const PAGE_TEXTS: Record<string, (unitName: string) => string> = {
  overview: (u) =>
    `<h2>${u}简介</h2><p>${u}现有党员二十余名，下设党小组三个。支部委员会由书记、组织委员、宣传委员、纪检委员和青年委员组成，分工明确、各负其责。</p><ul><li>书记：主持支部全面工作，落实党建工作责任制。</li><li>组织委员：负责组织发展、党员教育管理和党费收缴。</li><li>宣传委员：负责理论学习、宣传报道和信息平台维护。</li><li>纪检委员：负责党风廉政建设和监督执纪。</li></ul>`,
  structure: (u) =>
    `<h2>${u}组织架构</h2><p>党委下设 12 个党支部，分布在十堰、襄阳两地三个工厂。各支部书记名单及联系方式见下表，如有变动以党务室通知为准。</p>`,
  rules: (u) =>
    `<h2>${u}工作制度</h2><ol><li>“三会一课”制度：支部党员大会每季度至少一次，支委会每月一次，党小组会每月一次，党课每季度一次。</li><li>主题党日制度：每月固定一天开展主题党日活动。</li><li>民主评议党员制度：每年年底开展一次。</li><li>党费收缴制度：按月足额收缴，按时上缴。</li></ol>`,
  responsibilities: (u) =>
    `<h2>${u}党建责任清单</h2><p>按照“书记抓、抓书记”的要求，明确党委书记第一责任人责任、班子成员“一岗双责”，共梳理责任事项 36 项。</p>`,
  members: () =>
    `<h2>党员队伍基本情况</h2><p>截至本季度末，全厂共有党员 286 名，其中预备党员 24 名；35 岁以下党员占 31%，大专以上学历占 78%。本年度发展党员 18 名。</p>`,
  plan: (u) =>
    `<h2>${u}年度工作计划</h2><p>以习近平新时代中国特色社会主义思想为指导，围绕工厂生产经营中心任务，重点抓好以下工作：</p><ol><li>深化理论武装，全年开展集中学习不少于 12 次。</li><li>推进支部标准化建设，“三会一课”完成率 100%。</li><li>开展党员先锋岗创建，设立党员责任区 6 个。</li><li>围绕质量提升开展攻关，降低内部废品率。</li></ol>`,
  integrity: (u) =>
    `<h2>${u}党风廉政建设</h2><p>签订党风廉政建设责任书，开展廉洁从业警示教育，节假日前发送廉洁提醒，落实中央八项规定精神。</p>`,
  grassroots: () => `<h2>基层组织建设</h2><p>按照支部标准化规范化建设要求，党委每季度对各支部开展一次网上检查，结果纳入年度考核。</p>`,
  mass: (u) => `<h2>${u}群团工作</h2><p>支持工会开展劳动竞赛和职工技能比武，指导团支部开展青年突击队活动，关心女职工权益保护。</p>`,
  groups: (u) => `<h2>${u}党小组设置</h2><p>按生产班组划分党小组，每个党小组 5 至 8 名党员，党小组长由党员推选产生。</p>`,
  study: () => `<h2>本月学习安排</h2><p>学习党的二十届三中全会精神和《中国共产党章程》相关章节，各党小组组织交流研讨。学习资料见附件。</p>`,
  pioneers: (u) => `<h2>${u}党员先锋岗</h2><p>设立党员先锋岗 5 个、党员责任区 4 个，在关键工序和质量控制点亮身份、作表率。</p>`,
  excellence: (u) => `<h2>${u}创先争优</h2><p>开展“学先进、比贡献、争一流”活动，评选季度优秀党员和先进班组。</p>`,
};

const PLACES = ['支部会议室', '车间学习室', '厂部二楼会议室', '党员活动室'];
const HONOURS = ['先进基层党组织', '优秀共产党员', '优秀党务工作者', '质量攻关先进集体', '青年岗位能手', '安全生产先进个人'];
const NEWS = [
  '支部开展主题党日活动',
  '党员突击队完成紧急订单',
  '支部召开组织生活会',
  '党员先锋岗挂牌',
  '支部开展志愿服务进社区',
  '新党员入党宣誓',
];

/** A record's fields for a demo unit (`unitName` tells whose featured work it is). */
export function recordFields(type: string, i: number, date: Date, names: string[], unitName = ''): Record<string, unknown> {
  const d = date.toISOString().slice(0, 10);
  const pick = <T>(xs: T[]) => xs[i % xs.length];
  const topic = pick(topicsOf(date.getUTCMonth() + 1)); // the month's business, not a fixed cycle
  switch (type) {
    case 'meeting': {
      const due = 18 + (i % 5);
      const present = due - (i % 3);
      return {
        meetingType: pick(['支委会', '党小组会', '支部党员大会', '党课']),
        date: d,
        time: '14:30',
        place: pick(PLACES),
        host: names[0],
        recorder: names[1],
        due,
        present,
        absent: present < due ? `${names[2]}（出差）` : '',
        topics: topic,
        content: `会议由${names[0]}主持，围绕“${topic}”进行了学习和讨论。与会党员结合岗位实际踊跃发言，会议明确了下一步工作措施和责任人。`,
      };
    }
    case 'theme_day':
      return {
        date: d,
        theme: themeDayOf(date.getUTCMonth() + 1),
        place: pick(PLACES),
        participants: 15 + (i % 6),
        content: '支部组织党员开展主题党日活动，活动主题鲜明、形式多样，党员参与积极。',
        outcome: '进一步增强了党员的身份意识和责任意识。',
      };
    case 'org_life':
      return {
        date: d,
        kind: i % 2 ? '民主评议党员' : '组织生活会',
        theme: '对照党章党规找差距',
        participants: 20,
        criticism: '党员之间开展了坦诚的批评与自我批评。',
        result: '评议优秀党员 4 名、合格党员 16 名，针对查摆问题制定整改措施 8 条。',
      };
    case 'dues': {
      const due = 20 + (i % 3);
      return {
        month: d.slice(0, 7),
        membersDue: due,
        membersPaid: due - (i % 4 === 0 ? 1 : 0),
        amount: 1480 + (i % 7) * 23.5,
        note: i % 4 === 0 ? '1 人长期病休，已电话联系，下月补交。' : '',
      };
    }
    case 'study':
      return {
        date: d,
        topic,
        host: '党委书记',
        speaker: pick(['党委副书记', '纪委书记', '工会主席']),
        participants: 11,
        content: '中心组成员围绕学习主题进行了交流发言，结合工厂改革发展实际提出了意见建议。',
      };
    case 'talk':
      return {
        date: d,
        talker: names[0],
        counterpart: names[3 + (i % 5)],
        topic: pick(['思想动态', '工作困难', '入党动机', '家庭困难帮扶']),
        content: '谈话对象思想稳定，对工作中的困难如实反映，支部将协调解决。',
      };
    case 'honour':
      return {
        date: d,
        name: pick(HONOURS),
        recipient: i % 2 ? names[4 + (i % 4)] : '本支部',
        grantedBy: pick(['公司党委', '十堰市总工会', '工厂']),
        description: '在工作中表现突出，特予表彰。',
      };
    case 'news':
      return {
        date: d,
        headline: pick(NEWS),
        body: '近日，支部组织开展了相关活动。活动中，党员同志积极参与，展现了良好的精神风貌。支部将以此为契机，进一步推动党建工作与生产经营深度融合。',
      };
    case 'summary':
      return {
        date: d,
        period: `${date.getUTCFullYear()}年第${Math.floor(date.getUTCMonth() / 3) + 1}季度`,
        headline: '党建工作总结',
        body: '本季度，支部围绕年度工作计划，扎实推进各项工作：理论学习常态化开展，“三会一课”按时召开，党员先锋作用充分发挥，方针管理板各项目标基本达成。存在的问题和下一步打算见正文。',
      };
    case 'chronicle':
      return {
        date: d,
        event: pick([
          '召开年度党建工作会议',
          '开展支部标准化建设检查',
          '举行新党员入党宣誓仪式',
          '召开“七一”表彰大会',
          '开展党风廉政建设宣传月活动',
        ]),
        detail: '',
      };
    case 'featured':
      return { date: d, ...featuredStory(unitName, i) };
    default:
      return { date: d };
  }
}
