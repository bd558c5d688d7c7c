/** The party year as meetings follow it: what a month's 支委会 and 党小组会 discuss, and what a quarter's 党课 teaches. */
const MONTHS: string[][] = [
  ['部署民主评议党员工作', '开展冬季安全生产和节前安全检查', '讨论年度党建工作计划'],
  ['开展春节后复工安全教育', '通报民主评议党员结果', '部署冬春季防火安全工作'],
  ['开展学雷锋志愿服务', '部署春季安全生产大检查', '学习全国两会精神'],
  ['落实春季安全生产措施', '清明缅怀革命先烈', '分析一季度生产经营情况'],
  ['学习劳模精神工匠精神', '召开青年党员座谈会', '讨论质量提升措施'],
  ['评选“七一”党员先锋岗', '开展“安全生产月”活动', '研究发展党员工作'],
  ['庆祝“七一”重温入党誓词', '部署防暑降温和汛期安全', '总结上半年党建工作'],
  ['落实夏季高温安全生产措施', '学习《中国共产党纪律处分条例》', '开展建军节拥军优属'],
  ['开展“质量月”活动', '部署三季度迎检准备', '开展中秋国庆节前廉洁提醒'],
  ['部署四季度重点工作', '开展重阳节关爱老党员活动', '研究发展党员工作'],
  ['部署冬季安全生产', '分析年度目标完成情况', '开展警示教育'],
  ['落实冬季防火防冻措施', '总结年度党建工作', '准备组织生活会和民主评议党员'],
];
/** A retirees' branch has no production: it keeps the month's other topics and adds its own. */
const RETIREES = ['交流学习体会，讲好老党员故事', '安排走访慰问高龄困难党员', '学习党的二十届三中全会精神'];
const WORK = /生产|质量|迎检|复工|经营|先锋岗|青年|防暑/;

/** The topics of month `month` (1–12) for a branch; a retirees' branch gets no production topics. */
export function topicsOf(month: number, retirees = false): string[] {
  const topics = MONTHS[(month + 11) % 12];
  return retirees ? [...topics.filter((t) => !WORK.test(t)), ...RETIREES] : topics;
}

/** 党课 titles by the month they are held in (the last month of each quarter), several so branches differ. */
const LECTURES: Record<number, string[]> = {
  3: ['弘扬雷锋精神，争做时代先锋', '学习全国两会精神，凝聚奋进力量', '以案为鉴，守牢廉洁底线'],
  6: ['学习党章，做合格党员', '传承红色基因，迎接建党节', '安全生产人人有责，党员带头'],
  9: ['质量是企业的生命，党员作表率', '学习《纪律处分条例》，严守纪律规矩', '从党史中汲取奋进力量'],
  12: ['对照党章找差距，回顾一年看作为', '冬季安全生产，党员当先', '学习二十届三中全会精神，推进全面深化改革'],
};

/** The title of a 党课 held in `month` (1–12); `seed` tells branches apart. */
export function lectureOf(month: number, seed: number, retirees = false): string {
  const titles = (LECTURES[month] ?? LECTURES[12]).filter((t) => !retirees || !WORK.test(t));
  return titles[seed % titles.length];
}

/** 主题党日 by month (1–12); a retirees' branch keeps to what it can do (the second of a pair). */
const THEME_DAYS: [string, string?][] = [
  ['走访慰问困难党员'],
  ['元宵节送温暖'],
  ['学雷锋志愿服务进社区'],
  ['清明祭英烈'],
  ['劳模进支部讲奋斗故事', '老党员讲厂史'],
  ['安全隐患随手拍', '学习党章知识竞赛'],
  ['重温入党誓词'],
  ['参观红色教育基地'],
  ['质量月“找问题、提建议”', '学习身边榜样'],
  ['重阳敬老'],
  ['消防安全演练', '冬季健康讲座'],
  ['年终岗位建功交流', '年终学习体会交流'],
];

/** The theme of month `month`'s (1–12) 主题党日. */
export function themeDayOf(month: number, retirees = false): string {
  const [theme, forRetirees] = THEME_DAYS[(month + 11) % 12];
  return retirees ? (forRetirees ?? theme) : theme;
}
