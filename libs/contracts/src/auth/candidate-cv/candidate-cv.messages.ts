import { IsBase64, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MessageResponse, rpc } from '../../message';
import { UserIdRequest } from '../account/account.messages';

/**
 * CV files cross NATS in chunks: nats-server's max_payload is 1 MB by default and a CV may be 5 MB.
 * Upload: each chunk (≤ CV_CHUNK_BYTES raw) is staged in auth.cv_upload_chunks, then a commit assembles
 * them into one candidate_cvs row in one transaction. Download: the gateway reads it chunk by chunk.
 */
export const CV_CHUNK_BYTES = 512 * 1024;
export const CV_MAX_BYTES = 5 * 1024 * 1024;
export const CV_MAX_CHUNKS = Math.ceil(CV_MAX_BYTES / CV_CHUNK_BYTES);

export class CvUploadChunkRequest extends UserIdRequest {
  @IsUUID() upload_id: string;
  @IsInt() @Min(0) @Max(CV_MAX_CHUNKS - 1) index: number;
  // base64 of at most CV_CHUNK_BYTES bytes
  @IsBase64() @MaxLength(Math.ceil(CV_CHUNK_BYTES / 3) * 4) data_base64: string;
}

export class CvUploadCommitRequest extends UserIdRequest {
  @IsUUID() upload_id: string;
  @IsInt() @Min(1) @Max(CV_MAX_CHUNKS) chunks: number;
  @IsInt() @Min(1) @Max(CV_MAX_BYTES) size: number;
  @IsString() @MaxLength(255) filename: string;
}

export interface CvUploaded extends MessageResponse {
  filename: string;
  size: number;
  candidate_id: number;
  cv_id: number;
}

export interface CvListItem {
  id: number;
  filename: string;
  file_size: number;
  is_active: boolean;
  created_at: string;
}

/**
 * One chunk of a CV: `cv_id` absent means the active one, or with `uploaded_by` the newest CV the
 * candidate uploaded at or before that instant (what an application recorded before it stored a cv_id).
 */
export class CvChunkRequest extends UserIdRequest {
  @IsOptional() @IsInt() @Min(1) cv_id?: number;
  @IsOptional() @IsISO8601({ strict: true }) uploaded_by?: string;
  @IsInt() @Min(0) @Max(CV_MAX_CHUNKS - 1) index: number;
}

export interface CvChunk {
  cv_id: number;
  filename: string;
  content_type: string;
  size: number;
  chunks: number;
  data_base64: string;
}

export class CvDeleteRequest extends UserIdRequest {
  @IsInt() @Min(1) cv_id: number;
}

export const AUTH_CV_UPLOAD_CHUNK = rpc<CvUploadChunkRequest, { received: number }>('auth.cv.upload-chunk.v1', CvUploadChunkRequest);
export const AUTH_CV_UPLOAD_COMMIT = rpc<CvUploadCommitRequest, CvUploaded>('auth.cv.upload-commit.v1', CvUploadCommitRequest);
export const AUTH_CV_LIST = rpc<UserIdRequest, CvListItem[]>('auth.cv.list.v1', UserIdRequest);
export const AUTH_CV_CHUNK = rpc<CvChunkRequest, CvChunk>('auth.cv.chunk.v1', CvChunkRequest);
export const AUTH_CV_DELETE = rpc<CvDeleteRequest, MessageResponse>('auth.cv.delete.v1', CvDeleteRequest);
