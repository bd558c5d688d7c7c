import type { Db } from '../db/client.js';
import type { PartyStatus, Role } from '../generated/prisma/enums.js';
import { hashPassword } from '../domain/auth/passwords.js';
import { DEMO_PASSWORD } from '../domain/demo-accounts.js';
import { chineseName, rng } from './random.js';

/** 两地三厂: the company's two locations and three factories. */
export const SITES = [
  { location: '十堰', factory: '部件一厂' },
  { location: '十堰', factory: '部件二厂' },
  { location: '襄阳', factory: '襄阳工厂' },
] as const;

const BRANCHES: { name: string; site: number }[] = [
  { name: '机关党支部', site: 0 },
  { name: '机加车间党支部', site: 0 },
  { name: '装配车间党支部', site: 0 },
  { name: '热处理车间党支部', site: 0 },
  { name: '质量保证部党支部', site: 1 },
  { name: '技术中心党支部', site: 1 },
  { name: '设备动力部党支部', site: 1 },
  { name: '物流中心党支部', site: 1 },
  { name: '襄阳装配党支部', site: 2 },
  { name: '襄阳机加党支部', site: 2 },
  { name: '襄阳综合党支部', site: 2 },
  { name: '离退休党支部', site: 0 },
];

const TITLES = [
  '车间主任',
  '工段长',
  '技术员',
  '质量工程师',
  '班组长',
  '操作工',
  '设备维修工',
  '调度员',
  '会计',
  '人事专员',
  '工艺工程师',
  '检验员',
];

export interface DemoOrganisation {
  committeeId: number;
  branches: { id: number; code: string; name: string; groupIds: number[] }[];
  people: { id: number; username: string; unitId: number; partyStatus: PartyStatus }[];
  accounts: Record<string, number>;
}

/** The demo company: a committee, twelve branches (b01–b12) with party groups, about 300 people, the demo accounts. */
export async function seedOrganisation(db: Db): Promise<DemoOrganisation> {
  const r = rng(2026);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const committee = await db.unit.create({
    data: { code: 'committee', name: '十堰部件厂党委', kind: 'COMMITTEE', location: '十堰', factory: '部件一厂', sortOrder: 0 },
  });
  const branches: DemoOrganisation['branches'] = [];
  for (const [i, b] of BRANCHES.entries()) {
    const code = `b${String(i + 1).padStart(2, '0')}`;
    const unit = await db.unit.create({
      data: { code, name: b.name, kind: 'BRANCH', parentId: committee.id, ...SITES[b.site], sortOrder: i + 1 },
    });
    const groupCount = i === 11 ? 2 : 3;
    const groupIds: number[] = [];
    for (let g = 1; g <= groupCount; g++) {
      const group = await db.unit.create({
        data: {
          code: `${code}-g${g}`,
          name: `${b.name.replace('党支部', '')}第${'一二三'[g - 1]}党小组`,
          kind: 'PARTY_GROUP',
          parentId: unit.id,
          ...SITES[b.site],
          sortOrder: g,
        },
      });
      groupIds.push(group.id);
    }
    branches.push({ id: unit.id, code, name: b.name, groupIds });
  }

  // People: every branch gets ~24 employees, two thirds of them party members, spread over its groups.
  const rows: {
    username: string;
    displayName: string;
    partyStatus: PartyStatus;
    homeUnitId: number;
    title: string;
    passwordHash: string;
    phone: string;
  }[] = [];
  let n = 10001;
  for (const b of branches) {
    for (let k = 0; k < 24; k++) {
      const status: PartyStatus =
        k < 14 ? 'FULL' : k < 16 ? 'PROBATIONARY' : k === 16 ? 'CANDIDATE' : k === 17 ? 'ACTIVIST' : k === 18 ? 'APPLICANT' : 'MASSES';
      const home = status === 'FULL' || status === 'PROBATIONARY' ? b.groupIds[k % b.groupIds.length] : b.id;
      rows.push({
        username: String(n++),
        displayName: chineseName(r),
        partyStatus: status,
        homeUnitId: home,
        title: r.pick(TITLES),
        passwordHash,
        phone: `0719-${r.int(8200000, 8299999)}`,
      });
    }
  }
  const b01 = branches[0];
  const b02 = branches[1];
  const named: ((typeof rows)[number] & { roles: { role: Role; unitId: number | null }[] })[] = [
    {
      username: 'admin',
      displayName: '系统管理员',
      partyStatus: 'FULL',
      homeUnitId: committee.id,
      title: '信息中心网络管理员',
      passwordHash,
      phone: '0719-8200001',
      roles: [{ role: 'ADMIN', unitId: null }],
    },
    {
      username: 'office',
      displayName: '李世平',
      partyStatus: 'FULL',
      homeUnitId: committee.id,
      title: '党务室主任',
      passwordHash,
      phone: '0719-8200002',
      roles: [
        { role: 'OFFICE', unitId: null },
        { role: 'MEMBER', unitId: committee.id },
      ],
    },
    {
      username: 'sec01',
      displayName: '张建国',
      partyStatus: 'FULL',
      homeUnitId: b01.id,
      title: '支部书记',
      passwordHash,
      phone: '0719-8200101',
      roles: [
        { role: 'SECRETARY', unitId: b01.id },
        { role: 'MEMBER', unitId: b01.id },
      ],
    },
    {
      username: 'info01',
      displayName: '刘晓燕',
      partyStatus: 'FULL',
      homeUnitId: b01.id,
      title: '支部信息员',
      passwordHash,
      phone: '0719-8200102',
      roles: [
        { role: 'INFO_OFFICER', unitId: b01.id },
        { role: 'MEMBER', unitId: b01.id },
      ],
    },
    {
      username: 'org01',
      displayName: '王志峰',
      partyStatus: 'FULL',
      homeUnitId: b01.id,
      title: '组织委员',
      passwordHash,
      phone: '0719-8200103',
      roles: [
        { role: 'ORG_MEMBER', unitId: b01.id },
        { role: 'MEMBER', unitId: b01.id },
      ],
    },
    {
      username: 'member01',
      displayName: '陈丽娟',
      partyStatus: 'FULL',
      homeUnitId: b01.groupIds[0],
      title: '工艺工程师',
      passwordHash,
      phone: '0719-8200104',
      roles: [{ role: 'MEMBER', unitId: b01.id }],
    },
    {
      username: 'sec02',
      displayName: '赵海涛',
      partyStatus: 'FULL',
      homeUnitId: b02.id,
      title: '支部书记',
      passwordHash,
      phone: '0719-8200201',
      roles: [
        { role: 'SECRETARY', unitId: b02.id },
        { role: 'MEMBER', unitId: b02.id },
      ],
    },
    {
      username: 'staff01',
      displayName: '孙明',
      partyStatus: 'MASSES',
      homeUnitId: b01.id,
      title: '操作工',
      passwordHash,
      phone: '0719-8200105',
      roles: [],
    },
  ];
  await db.person.createMany({ data: [...named.map(({ roles: _r, ...p }) => p), ...rows] });
  const people = await db.person.findMany({ select: { id: true, username: true, homeUnitId: true, partyStatus: true } });
  const byUsername = new Map(people.map((p) => [p.username, p.id]));
  const unitOfGroup = new Map<number, number>();
  for (const b of branches) for (const g of b.groupIds) unitOfGroup.set(g, b.id);

  // Grants: the named accounts' roles; the other branches get a secretary, an org member and an info officer;
  // every party member holds MEMBER in their branch; party-group leaders are SECRETARY of their group.
  const grants: { personId: number; role: Role; unitId: number | null }[] = [];
  for (const a of named) for (const g of a.roles) grants.push({ personId: byUsername.get(a.username)!, ...g });
  const generated = people.filter((p) => /^\d+$/.test(p.username));
  for (const b of branches) {
    const inBranch = generated.filter((p) => p.homeUnitId === b.id || b.groupIds.includes(p.homeUnitId!));
    const members = inBranch.filter((p) => p.partyStatus === 'FULL' || p.partyStatus === 'PROBATIONARY');
    for (const m of members) grants.push({ personId: m.id, role: 'MEMBER', unitId: b.id });
    if (b.code !== 'b01') {
      if (b.code !== 'b02') grants.push({ personId: members[0].id, role: 'SECRETARY', unitId: b.id });
      grants.push({ personId: members[1].id, role: 'ORG_MEMBER', unitId: b.id });
      grants.push({ personId: members[2].id, role: 'INFO_OFFICER', unitId: b.id });
    }
    b.groupIds.forEach((g, i) => grants.push({ personId: members[3 + i].id, role: 'SECRETARY', unitId: g }));
  }
  await db.roleGrant.createMany({ data: grants });

  return {
    committeeId: committee.id,
    branches,
    people: people.map((p) => ({
      id: p.id,
      username: p.username,
      unitId: unitOfGroup.get(p.homeUnitId!) ?? p.homeUnitId!,
      partyStatus: p.partyStatus,
    })),
    accounts: Object.fromEntries(named.map((a) => [a.username, byUsername.get(a.username)!])),
  };
}
