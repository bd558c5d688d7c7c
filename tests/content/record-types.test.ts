import { describe, expect, it } from 'vitest';
import { RECORD_TYPES, recordDate, recordSchema, type RecordType } from '../../src/domain/content/record-types.js';
import { RECORD_TYPE_LABELS } from '../../src/domain/sites/catalogue.data.js';
import { parseForm } from '../../src/web/forms.js';

/** A realistic record of every type, as a form posts it (strings). */
const VALID: Record<string, Record<string, string>> = {
  meeting: {
    meetingType: '支委会',
    date: '2026-03-12',
    time: '14:30',
    place: '车间三楼会议室',
    host: '张建国',
    recorder: '王志峰',
    due: '7',
    present: '6',
    absent: '刘晓燕（出差）',
    topics: '研究第一季度发展党员工作\n讨论主题党日安排',
    content: '会议确定吕霞为发展对象，报党委备案。',
  },
  theme_day: {
    date: '2026-04-15',
    theme: '安全隐患随手拍',
    place: '装配车间',
    participants: '21',
    content: '党员分组排查生产现场安全隐患，共发现问题 12 项。',
    outcome: '当场整改 9 项，其余列入整改清单。',
  },
  org_life: {
    date: '2026-01-20',
    kind: '组织生活会',
    theme: '学习贯彻党的二十届四中全会精神',
    participants: '23',
    criticism: '支委成员逐一对照检查，党员之间开展相互批评。',
    result: '查摆问题 6 条，制定整改措施 8 项。',
  },
  dues: { month: '2026-05', membersDue: '22', membersPaid: '21', amount: '1503.50', note: '1 人长期病休，已电话联系，下月补交。' },
  study: {
    date: '2026-02-26',
    topic: '学习习近平新时代中国特色社会主义思想',
    host: '李世平',
    speaker: '党委书记',
    participants: '11',
    content: '中心组成员围绕主题交流发言，形成学习体会 5 篇。',
  },
  talk: {
    date: '2026-06-03',
    talker: '张建国',
    counterpart: '谭磊',
    topic: '入党动机与岗位表现',
    content: '肯定其工作表现，提出加强理论学习的要求，约定下季度再谈。',
  },
  honour: {
    date: '2025-12-28',
    name: '先进基层党组织',
    recipient: '机关党支部',
    grantedBy: '十堰部件厂党委',
    description: '全年党建工作考核第一名。',
  },
  news: { date: '2026-07-01', headline: '支部组织党员重温入党誓词', body: '七一前夕，支部组织全体党员在党建活动室重温入党誓词。' },
  summary: { date: '2026-07-05', period: '2026年上半年', headline: '机关党支部上半年工作总结', body: '上半年，支部围绕生产经营中心任务……' },
  chronicle: { date: '2026-03-08', event: '支部换届选举产生新一届支委会', detail: '选举产生支委 5 名。' },
  featured: {
    date: '2026-05-20',
    headline: '“党员责任区”助推质量提升',
    practice: '每名党员负责一个工位的质量改进。',
    results: '一次交检合格率提升 2.3 个百分点。',
    experience: '责任到人、数据说话。',
  },
};

const parse = (key: string, fields: Record<string, unknown>) => parseForm(recordSchema(RECORD_TYPES[key]), fields);
const errorsOf = (key: string, change: Record<string, unknown>) => {
  const r = parse(key, { ...VALID[key], ...change });
  return r.ok ? {} : r.errors;
};

describe('record types (记录标准化)', () => {
  it('has the eleven record types of the catalogue', () => {
    expect(Object.keys(RECORD_TYPES).sort()).toEqual(Object.keys(RECORD_TYPE_LABELS).sort());
    expect(Object.keys(RECORD_TYPES)).toHaveLength(11);
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(RECORD_TYPES).sort());
  });

  it.each(Object.keys(RECORD_TYPES))('accepts a realistic %s record, gives it a title and a date', (key) => {
    const type: RecordType = RECORD_TYPES[key];
    const r = parse(key, VALID[key]);
    expect(r.ok, JSON.stringify(r.ok ? {} : r.errors)).toBe(true);
    if (!r.ok) return;
    expect(type.title(r.data).length).toBeGreaterThan(2);
    expect(type.title(r.data)).not.toContain('undefined');
    expect(recordDate(type, r.data).getTime()).not.toBeNaN();
  });

  it.each(Object.keys(RECORD_TYPES))('asks for every required field of %s in Chinese', (key) => {
    const type = RECORD_TYPES[key];
    const r = parse(key, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const f of type.fields.filter((x) => x.required)) expect(r.errors[f.name], f.name).toMatch(/^请(填写|选择)/);
    for (const f of type.fields.filter((x) => !x.required)) expect(r.errors[f.name], f.name).toBeUndefined();
  });

  it.each(Object.keys(RECORD_TYPES))('refuses an impossible date in %s', (key) => {
    const type = RECORD_TYPES[key];
    const field = type.dateField;
    const bad =
      type.fields.find((f) => f.name === field)!.kind === 'month'
        ? ['2026-13', '2026-00', '2026-1', '0000-01', '2026-05-01']
        : ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026/03/01', '03-12-2026', '0000-01-01', '20260-01-01', 'yesterday'];
    for (const v of bad) expect(errorsOf(key, { [field]: v })[field], v).toMatch(/格式应为|不是有效(日期|月份)/);
  });

  it('keeps the date the record is about (a month means its first day)', () => {
    expect(recordDate(RECORD_TYPES.meeting, { date: '2024-02-29' }).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(recordDate(RECORD_TYPES.dues, { month: '2026-05' }).toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parse('meeting', { ...VALID.meeting, date: '2024-02-29' }).ok).toBe(true);
  });

  describe('三会一课', () => {
    it('accepts each of the four meeting types and nothing else', () => {
      for (const t of ['支部党员大会', '支委会', '党小组会', '党课'])
        expect(parse('meeting', { ...VALID.meeting, meetingType: t }).ok).toBe(true);
      for (const t of ['座谈会', '', '支委', ['支委会']])
        expect(errorsOf('meeting', { meetingType: t }).meetingType).toBe('请选择会议类型');
    });

    it('refuses more present than due', () => {
      expect(errorsOf('meeting', { due: '7', present: '8' }).present).toBe('实到人数不能多于应到人数');
      expect(parse('meeting', { ...VALID.meeting, due: '7', present: '7', absent: '' }).ok).toBe(true);
    });

    it('asks who was absent and why when fewer came than were due', () => {
      expect(errorsOf('meeting', { due: '7', present: '5', absent: '' }).absent).toBe('实到人数少于应到人数，请填写缺席人员及原因');
      expect(errorsOf('meeting', { due: '7', present: '5', absent: '   ' }).absent).toBe('实到人数少于应到人数，请填写缺席人员及原因');
    });

    it('wants whole, non-negative head counts', () => {
      expect(errorsOf('meeting', { due: '-1' }).due).toBe('应到人数不能为负数');
      expect(errorsOf('meeting', { present: '5.5' }).present).toBe('实到人数须为整数');
      expect(errorsOf('meeting', { due: '七' }).due).toBe('应到人数须为数字');
      expect(errorsOf('meeting', { due: '1000000' }).due).toBe('应到人数过大');
    });

    it('limits the length of text fields', () => {
      expect(errorsOf('meeting', { topics: '议'.repeat(2001) }).topics).toBe('议题不能超过 2000 个字');
      expect(errorsOf('meeting', { host: '张'.repeat(41) }).host).toBe('主持人不能超过 40 个字');
      expect(errorsOf('meeting', { place: '   ' }).place).toBe('请填写地点');
    });

    it('titles the record with the meeting type and the first topic', () => {
      const r = parse('meeting', VALID.meeting);
      expect(r.ok && RECORD_TYPES.meeting.title(r.data)).toBe('支委会：研究第一季度发展党员工作');
    });
  });

  describe('党费收缴', () => {
    it('refuses more paid than due', () => {
      expect(errorsOf('dues', { membersDue: '20', membersPaid: '21' }).membersPaid).toBe('已交人数不能多于应交人数');
      expect(parse('dues', { ...VALID.dues, membersDue: '20', membersPaid: '20' }).ok).toBe(true);
    });

    it('keeps the amount to the fen and refuses negative or absurd amounts', () => {
      const r = parse('dues', { ...VALID.dues, amount: '1503.456' });
      expect(r.ok && r.data.amount).toBe(1503.46);
      expect(errorsOf('dues', { amount: '-5' }).amount).toBe('金额（元）不能为负数');
      expect(errorsOf('dues', { amount: '一千' }).amount).toBe('金额（元）须为数字');
      expect(errorsOf('dues', { amount: '99999999' }).amount).toBe('金额（元）过大');
    });

    it('titles the record with its month', () => {
      const r = parse('dues', VALID.dues);
      expect(r.ok && RECORD_TYPES.dues.title(r.data)).toBe('2026年05月党费收缴');
    });
  });

  it('asks for the kind of 组织生活会与民主评议 from its two options', () => {
    expect(errorsOf('org_life', { kind: '民主生活会' }).kind).toBe('请选择类型');
    expect(parse('org_life', { ...VALID.org_life, kind: '民主评议党员' }).ok).toBe(true);
  });

  it('refuses negative participant counts wherever they are asked', () => {
    for (const key of ['theme_day', 'org_life', 'study'])
      expect(errorsOf(key, { participants: '-3' }).participants).toBe('参加人数不能为负数');
    for (const key of ['theme_day', 'org_life', 'study']) expect(parse(key, { ...VALID[key], participants: '' }).ok).toBe(true);
  });
});
