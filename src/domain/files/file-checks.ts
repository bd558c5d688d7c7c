import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import yauzl from 'yauzl';

export const MAX_BYTES = 20 * 1024 * 1024;

/** What may be uploaded, decided by the file's content; the name's extension must agree with it. */
const ALLOWED: Record<string, { mime: string; exts: string[] }> = {
  pdf: { mime: 'application/pdf', exts: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['pptx'] },
  cfb: { mime: 'application/octet-stream', exts: ['doc', 'xls', 'ppt', 'wps', 'et', 'dps'] },
  png: { mime: 'image/png', exts: ['png'] },
  jpg: { mime: 'image/jpeg', exts: ['jpg', 'jpeg'] },
  gif: { mime: 'image/gif', exts: ['gif'] },
  webp: { mime: 'image/webp', exts: ['webp'] },
  bmp: { mime: 'image/bmp', exts: ['bmp'] },
  zip: { mime: 'application/zip', exts: ['zip'] },
};
const LEGACY_OFFICE_MIME: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};
const TEXT_EXTS = ['txt', 'csv'];

/** The original name as the user sees it: multer decodes it as latin1; no folders, no control characters. */
export function cleanFileName(raw: string): string {
  let name = raw ?? '';
  if (/[\u0080-\u00ff]/.test(name) && [...name].every((c) => c.charCodeAt(0) <= 0xff)) {
    const utf8 = Buffer.from(name, 'latin1').toString('utf8');
    if (!utf8.includes('\uFFFD')) name = utf8;
  }
  name =
    name
      .replace(/\p{Cc}/gu, '')
      .split(/[\\/]/)
      .pop() ?? '';
  name = name.replace(/^\.+/, '').trim();
  if (name.length > 120) {
    const ext = path.extname(name).slice(0, 10);
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return name || '附件';
}

/**
 * Checks one uploaded file by its content. Returns the MIME type to store, or a Chinese reason for refusing it.
 */
export async function checkFile(file: { buffer: Buffer; name: string }): Promise<{ mime: string } | { reason: string }> {
  if (file.buffer.length > MAX_BYTES) return { reason: '超过 20 MB' };
  if (file.buffer.length === 0) return { reason: '是空文件' };
  const ext = path.extname(file.name).slice(1).toLowerCase();
  const detected = await fileTypeFromBuffer(file.buffer);
  if (!detected) {
    if (TEXT_EXTS.includes(ext) && looksLikeText(file.buffer))
      return { mime: ext === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8' };
    return { reason: '不是允许的文件类型（允许 PDF、Office 文档、图片、纯文本和 zip 压缩包）' };
  }
  const rule = ALLOWED[detected.ext];
  if (!rule) return { reason: `内容是 ${detected.ext} 格式，不在允许的文件类型之内` };
  if (!rule.exts.includes(ext)) return { reason: `扩展名 .${ext || '（无）'} 与文件实际内容（${detected.ext}）不符` };
  if (detected.ext === 'zip') {
    const problem = await zipProblem(file.buffer);
    if (problem) return { reason: problem };
  }
  return { mime: detected.ext === 'cfb' ? (LEGACY_OFFICE_MIME[ext] ?? rule.mime) : rule.mime };
}

function looksLikeText(bytes: Buffer): boolean {
  const chunk = bytes.subarray(0, 64 * 1024);
  if (chunk.includes(0)) return false;
  // UTF-8 (the common case) or GB18030 (older Windows files); a cut at the 64 KB mark may split one character.
  const decodes = (enc: string) => (new TextDecoder(enc).decode(chunk).match(/\uFFFD/g)?.length ?? 0) <= 1;
  return decodes('utf-8') || decodes('gb18030');
}

const ZIP_LIMITS = { totalBytes: 200 * 1024 * 1024, ratio: 100, entries: 10_000 };

/** Zip bombs and hostile archives: too large when unpacked, too compressed, too many entries, or escaping paths. */
function zipProblem(bytes: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: false }, (err, zip) => {
      if (err || !zip) return resolve('压缩包已损坏，无法读取');
      let total = 0;
      let count = 0;
      // yauzl itself refuses absolute paths, `..` and backslashes in entry names with an error: say which it was.
      zip.on('error', (e: Error) =>
        resolve(
          /absolute path|invalid relative path|invalid characters in fileName/.test(e.message)
            ? '压缩包内含有不安全的路径'
            : '压缩包已损坏，无法读取',
        ),
      );
      zip.on('entry', (e: yauzl.Entry) => {
        count++;
        total += e.uncompressedSize;
        const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 1;
        if (count > ZIP_LIMITS.entries) return (zip.close(), resolve('压缩包内文件过多'));
        if (total > ZIP_LIMITS.totalBytes || (e.uncompressedSize > 1024 * 1024 && ratio > ZIP_LIMITS.ratio))
          return (zip.close(), resolve('压缩包解压后过大（疑似压缩炸弹）'));
        if (/(^|[\\/])\.\.([\\/]|$)/.test(e.fileName) || /^([\\/]|[A-Za-z]:)/.test(e.fileName))
          return (zip.close(), resolve('压缩包内含有不安全的路径'));
        zip.readEntry();
      });
      zip.on('end', () => resolve(null));
      zip.readEntry();
    });
  });
}
