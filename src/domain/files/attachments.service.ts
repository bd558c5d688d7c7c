import type { Db } from '../../db/client.js';
import { ValidationError } from '../errors.js';
import { checkFile, cleanFileName } from './file-checks.js';
import { fileStorage } from './storage.js';

export interface UploadedFile {
  path: string;
  size: number;
  originalname: string;
}

/**
 * Checks every uploaded file by its content, then stores them all (all or none) and records them.
 * A refused file names itself in the message, which the form shows beside the attachment field.
 */
export async function storeUploads(db: Db, files: UploadedFile[], ctx: { unitId: number | null; uploadedById: number }) {
  if (!files.length) return [];
  const checked: { file: UploadedFile; name: string; mime: string }[] = [];
  for (const file of files) {
    const name = cleanFileName(file.originalname);
    const result = await checkFile({ path: file.path, size: file.size, name });
    if ('reason' in result) throw new ValidationError({ attachments: `附件“${name}”${result.reason}，未能上传` });
    checked.push({ file, name, mime: result.mime });
  }
  const storage = fileStorage();
  const stored: ((typeof checked)[number] & { key: string; sha256: string; size: number })[] = [];
  try {
    for (const c of checked) stored.push({ ...c, ...(await storage.put(c.file.path)) });
    await db.attachment.createMany({
      data: stored.map((s) => ({
        storageKey: s.key,
        originalName: s.name,
        mimeType: s.mime,
        size: s.size,
        sha256: s.sha256,
        unitId: ctx.unitId,
        uploadedById: ctx.uploadedById,
      })),
    });
  } catch (e) {
    // Files no row points to would stay on disk for good: nothing could ever serve or remove them.
    await Promise.all(stored.map((s) => storage.remove(s.key).catch(() => {})));
    throw e;
  }
  return db.attachment.findMany({ where: { storageKey: { in: stored.map((s) => s.key) } }, orderBy: { id: 'asc' } });
}
