import { DomainError, ServiceClient } from '@app/common';
import { AUTH_CV_CHUNK, AUTH_CV_UPLOAD_CHUNK, AUTH_CV_UPLOAD_COMMIT, AUTH_ERRORS, CV_CHUNK_BYTES, CvUploaded, msg } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

/** The part of multer's file the upload needs (memory storage). */
export interface UploadedCv {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Only a real PDF: declared as one and starting with the PDF magic bytes. */
export function assertPdf(file: UploadedCv | undefined): asserts file is UploadedCv {
  if (!file) throw new DomainError(AUTH_ERRORS.CV_INVALID, msg('error.cv.missing_file'));
  if (file.mimetype !== 'application/pdf' || file.size < PDF_MAGIC.length || !file.buffer.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    throw new DomainError(AUTH_ERRORS.CV_INVALID, msg('error.cv.not_pdf'));
  }
}

/**
 * Multipart file names arrive as UTF-8 bytes that busboy reads as latin1; turn them back into text
 * (names that were not UTF-8 are kept as they came).
 */
function utf8Name(name: string): string {
  // eslint-disable-next-line no-control-regex -- "any character outside Latin-1" starts at U+0000
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}

/** A file name safe to store and to put back in a header: no path, no control characters or quotes. */
export function cleanFilename(name: string | undefined): string {
  const cleaned = basename(utf8Name(name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'cv.pdf';
}

/** Sends the file in ≤512 KB chunks (NATS max_payload is 1 MB by default), then commits it. */
export async function uploadCv(services: ServiceClient, userId: number, filename: string, content: Buffer): Promise<CvUploaded> {
  const uploadId = randomUUID();
  const chunks = Math.ceil(content.length / CV_CHUNK_BYTES);
  for (let index = 0; index < chunks; index++) {
    const data = content.subarray(index * CV_CHUNK_BYTES, (index + 1) * CV_CHUNK_BYTES);
    await services.request(AUTH_CV_UPLOAD_CHUNK, { user_id: userId, upload_id: uploadId, index, data_base64: data.toString('base64') });
  }
  return services.request(AUTH_CV_UPLOAD_COMMIT, { user_id: userId, upload_id: uploadId, chunks, size: content.length, filename });
}

/** Reads a CV (the active one when cvId is undefined, or the newest uploaded by `uploadedBy`) chunk by chunk. */
export async function downloadCv(
  services: ServiceClient,
  userId: number,
  cvId?: number,
  uploadedBy?: string,
): Promise<{ filename: string; content: Buffer }> {
  const first = await services.request(AUTH_CV_CHUNK, {
    user_id: userId,
    cv_id: cvId,
    uploaded_by: cvId === undefined ? uploadedBy : undefined,
    index: 0,
  });
  const parts = [Buffer.from(first.data_base64, 'base64')];
  for (let index = 1; index < first.chunks; index++) {
    const next = await services.request(AUTH_CV_CHUNK, { user_id: userId, cv_id: first.cv_id, index });
    parts.push(Buffer.from(next.data_base64, 'base64'));
  }
  return { filename: first.filename, content: Buffer.concat(parts) };
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
