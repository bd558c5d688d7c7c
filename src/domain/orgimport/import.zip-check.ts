import yauzl from 'yauzl';
import { LIMITS } from './import.columns.js';

const open = (buf: Buffer) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z!))),
  );

/**
 * Reads every entry of an uploaded .xlsx once, inflating it in a stream, before anything parses it: refuses a file
 * that is not a workbook, a zip bomb (more inflated bytes than LIMITS allow, whatever the headers claim) and a sheet of
 * more rows than LIMITS.rows. Returns a Chinese reason, or null when the workbook may be parsed.
 */
export async function workbookProblem(buf: Buffer): Promise<string | null> {
  if (buf.length > LIMITS.fileBytes) return `文件过大：不能超过 ${LIMITS.fileBytes / 1024 / 1024} MB`;
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) return '文件不是 Excel 工作簿（.xlsx）：请用模板填写后另存为 .xlsx';
  let zip: yauzl.ZipFile;
  try {
    zip = await open(buf);
  } catch {
    return '文件已损坏，或不是 Excel 工作簿（.xlsx）';
  }
  if (zip.entryCount > LIMITS.entries) return '工作簿内部文件过多，不像 Excel 表格，已拒绝';
  let total = 0;
  let workbook = false;
  const problem = await new Promise<string | null>((resolve) => {
    let done = false;
    const fail = (reason: string) => {
      if (done) return;
      done = true;
      zip.close();
      resolve(reason);
    };
    const next = () => (done ? undefined : zip.readEntry());
    zip.on('error', () => fail('文件已损坏，无法读取'));
    zip.on('end', () => !done && resolve(workbook ? null : '文件不是 Excel 工作簿（.xlsx）：缺少工作簿内容'));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName === 'xl/workbook.xml') workbook = true;
      if (entry.uncompressedSize + total > LIMITS.unzippedBytes) return fail('文件解压后过大（可能是压缩炸弹），已拒绝');
      if (/\/$/.test(entry.fileName)) return next();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail('文件已损坏，无法读取');
        const sheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.fileName);
        let rows = 0;
        let tail = '';
        stream.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > LIMITS.unzippedBytes) {
            stream.destroy();
            return fail('文件解压后过大（可能是压缩炸弹），已拒绝');
          }
          if (!sheet) return;
          // rows are counted in the XML as it streams (the tail keeps a tag cut between two chunks)
          const text = tail + chunk.toString('latin1');
          rows += text.match(/<row[\s>]/g)?.length ?? 0;
          tail = text.slice(-4);
          if (rows > LIMITS.rows) {
            stream.destroy();
            fail(`工作表行数过多：每张表最多 ${LIMITS.rows} 行，请分批导入`);
          }
        });
        stream.on('error', () => fail('文件已损坏，或解压后的大小与声明不符，已拒绝'));
        stream.on('end', next);
      });
    });
    zip.readEntry();
  });
  return problem;
}
