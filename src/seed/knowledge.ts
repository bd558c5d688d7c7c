import type { Db } from '../db/client.js';
import type { ArticleCategory } from '../generated/prisma/enums.js';
import { richTextToPlain, sanitizeRichText } from '../domain/content/sanitize.js';
import { FEATURED_MODULE_KEY } from '../domain/exchange/exchange.queries.js';
import type { DemoOrganisation } from './organisation.js';

const DAY = 86_400_000;

interface DemoArticle {
  category: ArticleCategory;
  title: string;
  /** Oldest first: every entry is one revision of the article. */
  versions: string[];
  daysAgo: number;
}

const ARTICLES: DemoArticle[] = [
  {
    category: 'BASICS',
    title: '党的性质和宗旨',
    daysAgo: 200,
    versions: [
      '<h2>党的性质</h2><p>中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队，是中国特色社会主义事业的领导核心，代表中国先进生产力的发展要求，代表中国先进文化的前进方向，代表中国最广大人民的根本利益。</p><h2>党的宗旨</h2><p>党的根本宗旨是全心全意为人民服务。党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益。</p><p>对车间党员来说，践行宗旨就体现在岗位上：把质量做好、把安全守住、把身边职工的难事办实。</p>',
    ],
  },
  {
    category: 'BASICS',
    title: '党员的八项义务和八项权利',
    daysAgo: 180,
    versions: [
      '<h2>党员的义务</h2><ol><li>认真学习马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想。</li><li>贯彻执行党的基本路线和各项方针、政策，带头参加改革开放和社会主义现代化建设。</li><li>坚持党和人民的利益高于一切。</li><li>自觉遵守党的纪律，首先是党的政治纪律和政治规矩。</li><li>维护党的团结和统一。</li><li>切实开展批评和自我批评。</li><li>密切联系群众。</li><li>发扬社会主义新风尚。</li></ol><h2>党员的权利</h2><p>包括参加党的有关会议、阅读党的有关文件、接受党的教育和培训；参加党的政策问题的讨论；对党的工作提出建议和倡议；在党的会议上有根据地批评党的任何组织和任何党员；行使表决权、选举权，有被选举权；申辩、作证和辩护；提出请求、申诉和控告等。</p>',
    ],
  },
  {
    category: 'BASICS',
    title: '入党誓词',
    daysAgo: 160,
    versions: [
      '<blockquote>我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，随时准备为党和人民牺牲一切，永不叛党。</blockquote><p>入党宣誓仪式一般由党支部组织，在预备党员被批准后举行。宣誓时面向党旗，举起右手，握拳过肩，由领誓人逐句领读，宣誓人跟读，最后宣誓人报出自己的姓名。</p>',
    ],
  },
  {
    category: 'BASICS',
    title: '民主集中制的基本原则',
    daysAgo: 140,
    versions: [
      '<p>民主集中制是民主基础上的集中和集中指导下的民主相结合，是党的根本组织原则。</p><ul><li>党员个人服从党的组织，少数服从多数，下级组织服从上级组织，全党各个组织和全体党员服从党的全国代表大会和中央委员会。</li><li>党的各级领导机关，除它们派出的代表机关和在非党组织中的党组外，都由选举产生。</li><li>党的各级委员会实行集体领导和个人分工负责相结合的制度。凡属重大问题都要按照集体领导、民主集中、个别酝酿、会议决定的原则，由党的委员会集体讨论，作出决定。</li></ul>',
    ],
  },
  {
    category: 'GUIDES',
    title: '党员发展工作流程',
    daysAgo: 120,
    versions: [
      '<p>发展党员工作分为五个阶段：入党申请人的确定和培养教育、入党积极分子的确定和培养教育、发展对象的确定和考察、预备党员的接收、预备党员的教育考察和转正。</p>',
      '<p>发展党员工作分为五个阶段、二十五个步骤：</p><h3>一、入党申请人的确定和培养教育</h3><p>年满十八岁的申请人向工作所在单位党组织提出书面入党申请；党组织在一个月内派人同其谈话。</p><h3>二、入党积极分子的确定和培养教育</h3><p>采取党员推荐、群团组织推优等方式产生人选，由支委会研究确定，报上级党委备案；指定一至两名正式党员作培养联系人，每半年考察一次。</p><h3>三、发展对象的确定和考察</h3><p>经过一年以上培养教育和考察的积极分子，听取党小组、培养联系人、党员和群众意见，支委会讨论确定为发展对象；进行政治审查和集中培训。</p><h3>四、预备党员的接收</h3><p>支委会审查，上级党委预审，填写入党志愿书，支部党员大会讨论表决，上级党委派人谈话并审批。</p><h3>五、预备党员的教育考察和转正</h3><p>预备期为一年，期满由本人提出书面转正申请，支部党员大会讨论表决，报上级党委审批。</p>',
      '<p>发展党员工作分为五个阶段、二十五个步骤，依据《中国共产党发展党员工作细则》执行：</p><h3>一、入党申请人的确定和培养教育</h3><p>年满十八岁的申请人向工作所在单位党组织提出书面入党申请；党组织应当在一个月内派人同其谈话，了解基本情况。</p><h3>二、入党积极分子的确定和培养教育</h3><p>采取党员推荐、群团组织推优等方式产生人选，由支委会研究确定，报上级党委备案；指定一至两名正式党员作培养联系人，每半年考察一次，记入《入党积极分子培养考察登记表》。</p><h3>三、发展对象的确定和考察</h3><p>经过一年以上培养教育和考察的积极分子，听取党小组、培养联系人、党员和群众意见，支委会讨论确定为发展对象，报上级党委备案；进行政治审查，并参加不少于三天（或不少于二十四个学时）的集中培训。</p><h3>四、预备党员的接收</h3><p>支委会审查，上级党委预审，填写入党志愿书，支部党员大会讨论表决（到会有表决权的党员须超过应到会人数的一半，赞成人数须超过应到会有表决权党员的一半），上级党委派人谈话并在三个月内审批。</p><h3>五、预备党员的教育考察和转正</h3><p>预备期为一年，从支部党员大会通过之日算起。期满由本人提出书面转正申请，支部党员大会讨论表决，报上级党委在三个月内审批；转正材料归入党员档案。</p><p class="ql-align-right">党委党务室</p>',
    ],
  },
  {
    category: 'GUIDES',
    title: '“三会一课”制度要求',
    daysAgo: 100,
    versions: [
      '<p>“三会一课”是指定期召开支部党员大会、支部委员会会议、党小组会，按时上好党课。</p><ul><li>支部党员大会：一般每季度召开一次。</li><li>支部委员会会议：一般每月召开一次。</li><li>党小组会：一般每月召开一次。</li><li>党课：党支部书记每年至少讲一次党课。</li></ul>',
      '<p>“三会一课”是指定期召开支部党员大会、支部委员会会议、党小组会，按时上好党课，是党的组织生活的基本制度。</p><ul><li>支部党员大会：一般每季度召开一次，研究支部重要事项、发展党员、评议党员等。</li><li>支部委员会会议：一般每月召开一次，根据需要可随时召开。</li><li>党小组会：一般每月召开一次，组织党员学习、汇报思想和工作。</li><li>党课：一般每季度至少组织一次，党支部书记每年至少为党员讲一次党课。</li></ul><h3>记录要求</h3><p>每次会议在平台“三会一课”模块中按标准格式记录：会议类型、时间、地点、主持人、记录人、应到和实到人数、缺席人员及原因、议题、会议内容及决议，并上传签到表和照片。记录应在会后三个工作日内录入。</p>',
    ],
  },
  {
    category: 'GUIDES',
    title: '党费收缴标准和计算方法',
    daysAgo: 90,
    versions: [
      '<h3>在职党员</h3><p>以每月工资收入（税后）为计算基数：</p><table><thead><tr><th>月工资收入（税后）</th><th>交纳比例</th></tr></thead><tbody><tr><td>3000元以下（含3000元）</td><td>0.5%</td></tr><tr><td>3000元以上至5000元（含5000元）</td><td>1%</td></tr><tr><td>5000元以上至10000元（含10000元）</td><td>1.5%</td></tr><tr><td>10000元以上</td><td>2%</td></tr></tbody></table><p><strong>示例：</strong>某党员税后月工资4800元，每月应交党费 4800 × 1% = 48元。</p><p>党员应按月交纳党费，特殊情况经支部同意可按季度交纳。</p>',
      '<h3>在职党员</h3><p>以每月工资收入（税后）为计算基数：</p><table><thead><tr><th>月工资收入（税后）</th><th>交纳比例</th></tr></thead><tbody><tr><td>3000元以下（含3000元）</td><td>0.5%</td></tr><tr><td>3000元以上至5000元（含5000元）</td><td>1%</td></tr><tr><td>5000元以上至10000元（含10000元）</td><td>1.5%</td></tr><tr><td>10000元以上</td><td>2%</td></tr></tbody></table><p><strong>示例：</strong>某党员税后月工资4800元，每月应交党费 4800 × 1% = 48元。</p><h3>离退休党员</h3><p>以每月基本退休费为计算基数：5000元以下（含5000元）的按0.5%交纳，5000元以上的按1%交纳。</p><h3>其他</h3><p>学生党员、下岗失业党员、依靠抚恤或救济生活的党员、领取当地最低生活保障金的党员，每月交纳党费0.2元；工资调整后，从调整当月起按新的基数计算。</p><p>党员应按月交纳党费，特殊情况经支部同意可按季度交纳。支部每月在“党费收缴”模块登记应交人数、已交人数和金额。</p>',
    ],
  },
  {
    category: 'GUIDES',
    title: '组织生活会程序',
    daysAgo: 75,
    versions: [
      '<p>组织生活会一般每年召开一次，一般安排在第四季度或次年第一季度，也可根据工作需要随时召开。</p><h3>会前准备</h3><ol><li>确定主题，报上级党委同意。</li><li>组织党员集中学习。</li><li>广泛征求党员和群众意见。</li><li>开展谈心谈话，支委之间、支委和党员之间、党员之间普遍谈一次。</li><li>党员对照检查，撰写发言提纲。</li></ol><h3>会议程序</h3><ol><li>支部书记代表支委会作检视剖析。</li><li>党员逐一发言，开展批评和自我批评。</li><li>上级党组织派员点评。</li></ol><h3>会后工作</h3><p>列出问题清单和整改清单，明确责任人和时限；会议情况在十五日内报上级党委，并在“组织生活会与民主评议”模块中记录。</p>',
    ],
  },
  {
    category: 'GUIDES',
    title: '支部换届选举流程',
    daysAgo: 60,
    versions: [
      '<p>党支部委员会和不设委员会的党支部书记、副书记每届任期三年，任期届满应按期进行换届选举。</p><ol><li><strong>提出申请：</strong>任期届满前两个月，向上级党委书面请示召开党员大会进行换届选举。</li><li><strong>推荐候选人预备人选：</strong>在充分酝酿的基础上，由党员推荐、支委会研究提出候选人预备人选，报上级党委审查。</li><li><strong>确定候选人：</strong>上级党委批复后，召开党员大会讨论确定候选人；实行差额选举，候选人数应多于应选人数的百分之二十。</li><li><strong>召开党员大会选举：</strong>有选举权的到会人数须超过应到会人数的五分之四，方可进行选举；被选举人获得的赞成票超过实到会有选举权人数的一半，始得当选。</li><li><strong>选举书记、副书记：</strong>新一届支委会第一次会议选举产生书记、副书记。</li><li><strong>报批：</strong>选举结果报上级党委审批，并在平台“支部概况”中更新支委名单和分工。</li></ol>',
    ],
  },
  {
    category: 'GUIDES',
    title: '主题党日活动组织要点',
    daysAgo: 45,
    versions: [
      '<p>党支部每月相对固定一天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。</p><ul><li><strong>主题明确：</strong>结合上级部署和车间生产经营实际确定主题，避免“为活动而活动”。</li><li><strong>形式多样：</strong>可采取专题学习、岗位实践、现场观摩、志愿服务等方式，倒班党员可分批参加。</li><li><strong>规定动作：</strong>重温入党誓词、交纳党费、学习文件等可结合进行。</li><li><strong>记录完整：</strong>活动后在“主题党日”模块录入主题、地点、参加人数、活动内容和成效，上传照片。</li></ul>',
    ],
  },
  {
    category: 'GRASSROOTS',
    title: '党支部标准化规范化建设基本要求',
    daysAgo: 110,
    versions: [
      '<p>党支部标准化规范化建设围绕“七个有”开展：有坚强的支部班子、有规范的组织生活、有健全的工作制度、有完善的活动阵地、有扎实的工作台账、有明显的工作成效、有良好的群众口碑。</p><h3>检查重点</h3><ol><li>支委会设置和分工是否健全，支委是否按期换届。</li><li>“三会一课”、主题党日、组织生活会、民主评议党员是否按期开展、记录完整。</li><li>发展党员程序是否规范。</li><li>党费是否按月足额收缴。</li><li>支部网站各模块是否按期更新。</li></ol><p>党委党务室每季度开展一次网上检查，发现问题纳入“问题整改”跟踪闭环。</p>',
    ],
  },
  {
    category: 'GRASSROOTS',
    title: '党小组的设置和党小组长职责',
    daysAgo: 70,
    versions: [
      '<p>党员人数较多或党员工作地、居住地比较分散的党支部，应当按照便于组织开展活动原则，划分若干党小组，并设立党小组组长。党小组组长由党支部指定，也可以由所在党小组党员推荐产生。</p><h3>党小组组长的主要职责</h3><ul><li>组织党小组会，带领党员学习。</li><li>了解和掌握党员思想、工作情况，及时向支委会汇报。</li><li>督促党员按时交纳党费、参加组织生活。</li><li>联系和团结群众，做好入党积极分子的培养工作。</li></ul><p>在生产车间，党小组一般按工段或班组设置，便于把党建工作落实到生产一线。</p>',
    ],
  },
  {
    category: 'GRASSROOTS',
    title: '支部委员会的组成与分工',
    daysAgo: 30,
    versions: [
      '<p>有正式党员七人以上的党支部，应当设立党支部委员会。支委会由三至五人组成，一般不超过七人，设书记和组织委员、宣传委员、纪检委员等，必要时可以设副书记。</p><table><thead><tr><th>职务</th><th>主要职责</th></tr></thead><tbody><tr><td>书记</td><td>主持支部全面工作，召集支委会和党员大会</td></tr><tr><td>组织委员</td><td>组织生活安排、发展党员、党员管理、党费收缴</td></tr><tr><td>宣传委员</td><td>理论学习、宣传教育、思想政治工作</td></tr><tr><td>纪检委员</td><td>党风廉政建设、党员遵守纪律情况监督</td></tr></tbody></table><p>支委分工应在支部网站“支部概况”模块公开，人员变动后及时更新。</p>',
    ],
  },
];

const COMMENTS = [
  '这个做法很实用，我们支部准备借鉴。',
  '请问攻关小组是怎么和班组考核挂钩的？能否分享一下考核办法？',
  '我们车间也有类似情况，下次党小组会上组织大家学习。',
  '把党建和生产结合起来，效果看得见，点赞！',
  '建议把具体的实施步骤和台账模板也共享一下。',
  '新员工包保的做法我们试过，关键是师傅要真正上心。',
];

/**
 * Knowledge articles in the three categories (a few with two or three revisions, as the office revised them), and
 * comments and 有用 marks on some of the branches' published featured work, one comment hidden by the office.
 */
export async function seedKnowledge(db: Db, org: DemoOrganisation): Promise<void> {
  const now = Date.now();
  const office = org.accounts.office;
  for (const a of ARTICLES) {
    const bodies = a.versions.map((v) => sanitizeRichText(v));
    const at = (i: number) => new Date(now - (a.daysAgo - i * 9) * DAY);
    const last = bodies.length - 1;
    await db.article.create({
      data: {
        category: a.category,
        title: a.title,
        body: bodies[last],
        bodyText: richTextToPlain(bodies[last]),
        headNumber: bodies.length,
        createdById: office,
        updatedById: office,
        createdAt: at(0),
        updatedAt: at(last),
        revisions: {
          create: bodies.map((body, i) => ({
            number: i + 1,
            category: a.category,
            title: a.title,
            body,
            authorId: office,
            createdAt: at(i),
          })),
        },
      },
    });
  }

  const items = await db.contentItem.findMany({
    where: { kind: 'RECORD', deletedAt: null, publishedRevisionId: { not: null }, module: { key: FEATURED_MODULE_KEY } },
    orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
    take: 10,
    select: { id: true, unitId: true, publishedAt: true },
  });
  const readers = [
    org.accounts.member01,
    org.accounts.sec02,
    org.accounts.staff01,
    org.accounts.sec01,
    ...org.people
      .filter((p) => /^\d+$/.test(p.username))
      .slice(0, 20)
      .map((p) => p.id),
  ];
  const comments: { itemId: number; authorId: number; body: string; createdAt: Date }[] = [];
  const marks: { itemId: number; personId: number; createdAt: Date }[] = [];
  items.forEach((item, i) => {
    const since = Math.max(now - 60 * DAY, item.publishedAt?.getTime() ?? now - 60 * DAY);
    const when = (k: number) => new Date(Math.min(now - 3_600_000, since + (k + 1) * 2 * DAY + i * 3_600_000));
    for (let k = 0; k < (i % 3) + (i < 4 ? 1 : 0); k++)
      comments.push({
        itemId: item.id,
        authorId: readers[(i + k * 3) % readers.length],
        body: COMMENTS[(i + k) % COMMENTS.length],
        createdAt: when(k),
      });
    // marks from the last day or two, so that the home page's "most useful this quarter" has something to show
    for (let k = 0; k < Math.max(0, 9 - i); k++)
      marks.push({
        itemId: item.id,
        personId: readers[(i * 2 + k) % readers.length],
        createdAt: new Date(now - (k + 1) * 3 * 3_600_000 - i * 600_000),
      });
  });
  await db.exchangeComment.createMany({ data: comments });
  await db.exchangeMark.createMany({ data: marks, skipDuplicates: true });
  if (items.length) {
    const ad = await db.exchangeComment.create({
      data: {
        itemId: items[0].id,
        authorId: readers[readers.length - 1],
        body: '转让二手电动车一辆，有意者私信联系。',
        createdAt: new Date(now - 2 * DAY),
      },
    });
    await db.exchangeComment.update({
      where: { id: ad.id },
      data: { hiddenAt: new Date(now - DAY), hiddenById: office, hiddenReason: '与交流内容无关的广告信息' },
    });
  }
}
