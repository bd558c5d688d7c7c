import { branchKind } from './branch-templates.js';

/** Each branch's featured work (特色工作), told from its own trade: no two branches share a story on the exchange page. */
type Story = { headline: string; practice: string; results: string; experience: string };

/** The process or service each production branch works on (its stories are about it). */
const TRADE: Record<string, string> = {
  机加车间: '曲轴磨削',
  装配车间: '总成装配',
  热处理车间: '渗碳淬火',
  质量保证部: '来料检验',
  技术中心: '新品试制',
  设备动力部: '设备点检',
  物流中心: '仓储配送',
  襄阳装配: '变速箱装配',
  襄阳机加: '壳体加工',
};

const PRODUCTION: ((u: string, trade: string, n: number) => Story)[] = [
  (u, t, n) => ({
    headline: `${u}“党员+质量”攻关小组攻克${t}难题`,
    practice: `针对${t}工序不良率偏高的问题，${u}党支部组织 ${4 + (n % 4)} 名党员技术骨干成立攻关小组，逐件分析原因，每周通报进展。`,
    results: `三个月内${t}工序内部不良率由 ${(2 + (n % 5) / 10).toFixed(1)}% 降至 ${(0.8 + (n % 4) / 10).toFixed(1)}%，年节约成本约 ${30 + n * 3} 万元。`,
    experience: '把支部建在攻关项目上，党员作用才看得见、量得出。',
  }),
  (u, t, n) => ({
    headline: `${u}党员责任区包保新员工成长`,
    practice: `${u}每名党员包保 1 至 2 名新入职员工，从${t}安全操作、技能提升到生活适应全程帮带，每月在党小组会上交流帮带情况。`,
    results: `当年新员工试用期流失率下降一半，${8 + (n % 9)} 名新员工全部按期取得${t}岗位上岗资格。`,
    experience: '帮带要有名单、有目标、有回访，不能停留在“结对子”的形式上。',
  }),
  (u, t, n) => ({
    headline: `${u}“红色微课堂”进班组`,
    practice: `利用班前会 15 分钟，由${u}党员轮流讲一个政策要点、一个身边故事、一个${t}安全提示，讲稿在信息平台共享。`,
    results: `全年开讲 ${60 + n * 4} 次，覆盖${u}全部班组，职工对党的政策知晓率明显提高。`,
    experience: '学习内容贴近岗位、时间短、频次高，职工才愿意听、记得住。',
  }),
  (u, t, n) => ({
    headline: `${u}党员突击队保${t}节点`,
    practice: `面对季度末集中交付的紧急任务，${u}党支部组建党员突击队，分两班倒驻守${t}瓶颈环节，支委每天现场协调物料和设备。`,
    results: `提前 ${2 + (n % 3)} 天完成 ${800 + n * 50} 台份任务，零质量投诉，获用户书面表扬。`,
    experience: '急难险重任务面前亮出党员身份，是最有说服力的党课。',
  }),
  (u, t, n) => ({
    headline: `${u}党员“金点子”改善${t}效率`,
    practice: `${u}党支部每月收集党员围绕${t}提出的改善建议，支委会逐条评审，采纳的建议由提出人牵头实施并在党员大会上讲评。`,
    results: `全年采纳建议 ${12 + (n % 7)} 条，${t}效率提高 ${5 + (n % 6)}%。`,
    experience: '建议有回音、实施有牵头人，党员才愿意多动脑筋。',
  }),
];

const OFFICE: ((u: string, n: number) => Story)[] = [
  (u, n) => ({
    headline: `${u}“一线工作法”解决职工急难愁盼`,
    practice: `${u}支委每月深入班组收集职工意见，建立问题台账，逐项明确责任人和完成时限，在信息平台公开办理进度。`,
    results: `全年收集意见 ${30 + n} 条，办结 ${27 + n} 条，浴室改造、夜班餐食等问题得到解决。`,
    experience: '问题清单公开晒、办理进度随时查，职工才信得过支部。',
  }),
  (u, n) => ({
    headline: `${u}机关党员“下基层、解难题”`,
    practice: `${u}党员每人联系一个生产班组，每月到现场一次，带着科室职能帮班组解决流程、制度上的堵点。`,
    results: `全年到现场 ${90 + n * 2} 人次，解决跨部门问题 ${15 + (n % 6)} 个，审批环节平均缩短 2 天。`,
    experience: '机关作风好不好，要让一线来评价。',
  }),
  (u, n) => ({
    headline: `${u}服务基层“马上办”`,
    practice: `${u}对基层来办事项实行首问负责、限时办结，当天能办的不过夜，办不了的说明原因并跟踪到底。`,
    results: `全年受理事项 ${200 + n * 5} 件，按时办结率 ${96 + (n % 4)}%，基层满意度明显提升。`,
    experience: '把“马上办”写进岗位职责，服务才不走样。',
  }),
  (u) => ({
    headline: `${u}党建与业务“双融双促”`,
    practice: `${u}把年度重点工作分解为党员承诺事项，每季度在支部党员大会上逐项亮进度、评成效。`,
    results: '党员承诺事项完成率 100%，支部连续两个季度获评信息平台优秀。',
    experience: '党建工作找准业务抓手，才不会“两张皮”。',
  }),
];

const RETIREES: ((u: string, n: number) => Story)[] = [
  (u, n) => ({
    headline: `${u}“银发宣讲团”讲厂史传家风`,
    practice: `${u}组织 ${6 + (n % 3)} 名老党员组成宣讲团，到车间、社区和学校讲建厂创业史和身边的奋斗故事。`,
    results: `全年宣讲 ${20 + (n % 5)} 场，听众 1,500 余人次，讲稿汇编成册供新员工入职教育使用。`,
    experience: '老党员的亲身经历，是最鲜活的教材。',
  }),
  (u) => ({
    headline: `${u}送学上门不落一人`,
    practice: `对行动不便的老党员，${u}支委每月带着学习材料上门，一起读原文、谈体会，并代收党费、听取意见。`,
    results: '行动不便党员参学率达到 100%，收集老党员意见建议 20 余条。',
    experience: '组织生活不设门槛，老党员才感到组织就在身边。',
  }),
  (u) => ({
    headline: `${u}“银龄”志愿服务队`,
    practice: `${u}组建“银龄”志愿服务队，在社区开展政策宣传、邻里调解和关爱空巢老人等志愿服务。`,
    results: '全年开展志愿服务 40 余次，调解邻里纠纷 11 起，服务队获评社区优秀志愿服务团队。',
    experience: '退休不褪色，老党员在社区同样能亮身份、作表率。',
  }),
  (u) => ({
    headline: `${u}节日走访慰问暖人心`,
    practice: `${u}在春节、七一和重阳节前分片走访高龄、患病和困难老党员，建立走访台账，一户一档跟踪帮扶。`,
    results: '全年走访慰问 130 余人次，协调解决就医、住房维修等实际困难 9 件。',
    experience: '走访不只送物品，更要把老党员的事办成。',
  }),
];

/** The i-th featured work of the branch of this name (`i` runs on per record, so a branch's stories differ too). */
export function featuredStory(unitName: string, i: number): Story {
  const u = unitName.replace('党支部', '');
  const kind = branchKind(unitName);
  if (kind === 'RETIREES') return RETIREES[i % RETIREES.length](u, i);
  if (kind === 'OFFICE') return OFFICE[i % OFFICE.length](u, i);
  return PRODUCTION[i % PRODUCTION.length](u, TRADE[u] ?? '关键工序', i);
}
