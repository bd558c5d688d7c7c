/** A small seeded pseudo-random generator (mulberry32): the demo organisation is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏志峰斌宇浩凯健俊帆帅旭宁婷雪琳晨欣怡佳慧颖倩丹亮飞龙成波海林东春晓晶燕梅莉凤荣新利清云';

/** A plausible Chinese name: a common surname and one or two given-name characters. */
export function chineseName(r: ReturnType<typeof rng>): string {
  const s = r.pick([...SURNAMES]);
  const g = [...GIVEN];
  return r.chance(0.3) ? s + r.pick(g) : s + r.pick(g) + r.pick(g);
}

/** A number in [0, 1) drawn from `seed` alone: the same item gets the same value on every machine, in any order. */
export function hashed(seed: number): number {
  return rng(Math.imul(seed | 0, 0x9e3779b1) ^ 0x5bd1e995).next();
}

const HOUR = 3_600_000;
/** China is UTC+8: 08:30–17:59 there is 00:30–09:59 UTC. */
const WORK_FROM_UTC = 0.5 * HOUR;
const WORK_SPAN = 9.5 * HOUR;

/** A moment in working hours (China time) on the UTC day of `day`, at a minute drawn from `seed`, never after `notAfter`. */
export function duringWorkingHours(day: number, seed: number, notAfter = Date.now()): Date {
  const midnight = Math.floor(day / (24 * HOUR)) * 24 * HOUR;
  const t = midnight + WORK_FROM_UTC + Math.floor(hashed(seed) * (WORK_SPAN / 60_000)) * 60_000;
  return new Date(Math.min(t, notAfter - 60_000));
}

/** How often an item published `ageDays` ago has been read: more the longer it has been up, varied by `seed`. */
export function viewsFor(ageDays: number, seed: number): number {
  return Math.round((2 + Math.max(0, ageDays) / 3) * (0.4 + 1.2 * hashed(seed)));
}
