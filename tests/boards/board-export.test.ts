import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loginAs, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

const year = new Date().getUTCFullYear() - 1; // a closed year: every period has ended

async function sheetOf(agent: Agent, url: string) {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
  return wb.getWorksheet('方针管理板')!;
}

describe('the board’s Excel export', () => {
  it('rounds averages as the screen does, puts a quarter’s figure under its quarter, and names who answers for each target', async () => {
    const w = await makeBranchWorld();
    const base = {
      unitId: w.branch.id,
      year,
      kind: 'MUST' as const,
      measure: '—',
      uom: '%',
      direction: 'HIGHER' as const,
      targetValue: 99,
    };
    const monthly = await testDb().target.create({
      data: { ...base, title: '党员参学率', period: 'MONTHLY', ownerName: '张红', sortOrder: 1 },
    });
    const quarterly = await testDb().target.create({
      data: { ...base, title: '组织生活会召开率', period: 'QUARTERLY', ownerName: '李明', sortOrder: 2 },
    });
    const figures = [99.5, 99.52, 99.51, 99.5, 99.5, 99.51, 99.52, 99.5, 99.51, 99.5, 99.52];
    await testDb().measurement.createMany({
      data: [
        ...figures.map((actual, i) => ({ targetId: monthly.id, period: i + 1, actual, reportedById: w.secretary.id })),
        { targetId: quarterly.id, period: 2, actual: 88, reportedById: w.secretary.id },
      ],
    });
    const sheet = await sheetOf(await loginAs(w.staff.username), `/units/${w.branch.code}/board.xlsx?year=${year}`);
    const m = sheet.getRow(3);
    expect(m.getCell(2).value).toBe('党员参学率');
    expect(m.getCell(9).value).toBe('张红');
    expect(m.getCell(22).value).toBe(99.51);
    const q = sheet.getRow(4);
    expect(q.getCell(2).value).toBe('组织生活会召开率');
    expect(q.getCell(9).value).toBe('李明');
    expect(q.getCell(11).value).not.toBe(88); // not under February
    expect(q.getCell(13).value).toBe(88); // April, the first month of the second quarter
    expect(q.getCell(13).isMerged).toBe(true);
    expect(q.getCell(15).master.address).toBe(q.getCell(13).address);
  });
});
