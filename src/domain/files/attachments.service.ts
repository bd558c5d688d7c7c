import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { ValidationError } from '../errors.js';
import { sha256Of, storeBlob } from './blobs.js';
import { checkFile, cleanFileName } from './file-checks.js';

/** A file as the upload parser hands it over (multer, in memory). */
export interface UploadedFile {
  buffer: Buffer;
  originalname: string;
}

/** A file that passed the checks, ready to be stored by the service that records it. */
export interface CheckedUpload {
  bytes: Buffer;
  name: string;
  mime: string;
}

/**
 * Checks every uploaded file by its content, before any transaction starts. A refused file names itself in the
 * message, which the form shows beside the attachment field.
 */
export async function checkUploads(files: UploadedFile[]): Promise<CheckedUpload[]> {
  const checked: CheckedUpload[] = [];
  for (const file of files) {
    const name = cleanFileName(file.originalname);
    const result = await checkFile({ buffer: file.buffer, name });
    if ('reason' in result) throw new ValidationError({ attachments: `附件“${name}”${result.reason}，未能上传` });
    checked.push({ bytes: file.buffer, name, mime: result.mime });
  }
  return checked;
}

/**
 * Stores checked files and their attachment rows inside the transaction of the save that links them (a revision,
 * a notice): the file is there with its row and its link, or not at all. Returns the new attachments' ids.
 */
export async function storeUploads(
  tx: Prisma.TransactionClient,
  uploads: CheckedUpload[],
  ctx: { unitId: number | null; uploadedById: number },
): Promise<number[]> {
  const ids: number[] = [];
  for (const u of uploads) {
    const sha256 = sha256Of(u.bytes);
    const blobId = await storeBlob(tx, u.bytes, sha256);
    const row = await tx.attachment.create({
      data: {
        blobId,
        originalName: u.name,
        mimeType: u.mime,
        size: u.bytes.length,
        sha256,
        unitId: ctx.unitId,
        uploadedById: ctx.uploadedById,
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

/** The options of a transaction that stores `uploads`: a second more per MB (a form may carry 200 MB) beyond 20 s. */
export function uploadTransaction(uploads: CheckedUpload[] = []): { timeout: number } {
  return { timeout: 20_000 + Math.ceil(uploads.reduce((n, u) => n + u.bytes.length, 0) / 1024) };
}

/** `db.$transaction(fn)` with the time that storing `uploads` needs. */
export function transactionStoring<T>(db: Db, uploads: CheckedUpload[], fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(fn, uploadTransaction(uploads));
}
