import ExcelJS from 'exceljs';
// exceljs's own zip library (a dependency of it): builds the hostile archives a spreadsheet program never would
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { PEOPLE_COLUMNS, SHEETS } from '../../src/domain/orgimport/import.columns.js';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';
import { upload, workbook } from './workbooks.js';

const admin = async () => loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);

/** Uploads, expects the upload page again with the message, and that no person was created. */
async function refused(data: Buffer, message: string, name = '组织机构.xlsx') {
  const agent = await admin();
  const before = await testDb().person.count();
  const res = await upload(agent, data, name);
  expect(res.status).toBe(400);
  expect(res.text).toContain('上传并预览');
  expect(res.text).toContain(message);
  expect(await testDb().person.count()).toBe(before);
  expect(await testDb().orgImport.count({ where: { appliedAt: null, createdAt: { gte: new Date(Date.now() - 5000) } } })).toBe(0);
}

describe('/admin/import refuses bad files with a message and writes nothing', () => {
  it('a file that is not a workbook', async () => {
    await refused(Buffer.from('工号,姓名\n1001,张三\n'), '文件不是 Excel 工作簿（.xlsx）', 'people.csv');
    const zip = new JSZip().file('readme.txt', 'hello');
    await refused(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), '缺少工作簿内容');
  });

  it('a zip bomb: a small file that inflates to far more than a workbook', async () => {
    const zip = await JSZip.loadAsync(await workbook({ people: [] }));
    zip.file('xl/media/filler.bin', Buffer.alloc(60 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await refused(bomb, '文件解压后过大（可能是压缩炸弹）');
  });

  it('a sheet of 100,000 rows, refused before it is parsed', async () => {
    const zip = await JSZip.loadAsync(await workbook({ people: [] }));
    const sheetName = Object.keys(zip.files).find((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))!;
    const rows = Array.from(
      { length: 100_000 },
      (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${i}</t></is></c></row>`,
    );
    const xml = (await zip.file(sheetName)!.async('string')).replace(
      /<sheetData>([\s\S]*)<\/sheetData>/,
      (_m, head) => `<sheetData>${head}${rows.join('')}</sheetData>`,
    );
    zip.file(sheetName, xml);
    await refused(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), '工作表行数过多：每张表最多 5000 行');
  });

  it('formulas, named with their row', async () => {
    const agent = await admin();
    const data = await workbook({ people: [['f0001', '公式人', '', '', '群众', { formula: 'TODAY()' }, '', '', '']] });
    const res = await upload(agent, data);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/第 2 行<\/td><td>含有公式/);
    expect(await testDb().person.count({ where: { username: 'f0001' } })).toBe(0);
  });

  it('merged header cells and missing headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(SHEETS.people);
    ws.addRow([...PEOPLE_COLUMNS]);
    ws.mergeCells('A1:B1');
    await refused(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer), `工作表「${SHEETS.people}」有合并单元格（A1:B1）`);
    await refused(await workbook({ people: [], peopleHeader: ['工号', '名字'] }), '第 1 行缺少表头：姓名、单位');
  });

  it('no file, or an empty one', async () => {
    await refused(Buffer.alloc(0), '请选择要上传的 Excel 文件');
  });
});
