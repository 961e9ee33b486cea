import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import {
  AUTH_ERRORS,
  CV_CHUNK_BYTES,
  CvChunk,
  CvChunkRequest,
  CvListItem,
  CvUploadChunkRequest,
  CvUploadCommitRequest,
  CvUploaded,
  MessageResponse,
  msg,
  okMessage,
} from '@app/contracts';
import { DataSource } from 'typeorm';
import { CandidatesRepository } from '../candidates/candidates.repository';
import { CvsRepository } from './cvs.repository';

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

@Injectable()
export class CvsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cvs: CvsRepository,
    private readonly candidates: CandidatesRepository,
  ) {}

  async stageChunk(req: CvUploadChunkRequest): Promise<{ received: number }> {
    const data = Buffer.from(req.data_base64, 'base64');
    if (data.length === 0 || data.length > CV_CHUNK_BYTES) throw new DomainError(AUTH_ERRORS.CV_INVALID, 'Chunk is empty or too large');
    if (!(await this.cvs.stageChunk(req.user_id, req.upload_id, req.index, data))) {
      throw new DomainError(AUTH_ERRORS.CV_INVALID, 'Unknown upload');
    }
    return { received: data.length };
  }

  async commit(req: CvUploadCommitRequest): Promise<CvUploaded> {
    const candidate = await this.candidates.ensure(req.user_id);
    const filename = req.filename.trim() || 'cv.pdf';
    return this.dataSource.transaction(async (manager) => {
      await this.cvs.lockCandidate(manager, candidate.id);
      const staged = await this.cvs.stagedSummary(manager, req.user_id, req.upload_id);
      if (!staged || staged.chunks !== req.chunks || staged.last_index !== req.chunks - 1 || staged.size !== req.size) {
        throw new DomainError(AUTH_ERRORS.CV_INVALID, 'Upload is incomplete');
      }
      // The gateway checked already; the service that stores it trusts no caller.
      if (!staged.head || !Buffer.from(staged.head).equals(PDF_MAGIC))
        throw new DomainError(AUTH_ERRORS.CV_INVALID, msg('error.cv.not_pdf'));
      const cv = await this.cvs.commit(manager, candidate.id, req.user_id, req.upload_id, filename);
      await this.cvs.setCandidateCv(manager, candidate.id, { id: cv.id, filename, created_at: cv.created_at });
      return { ...okMessage('ok.cv_uploaded'), filename, size: staged.size, candidate_id: candidate.id, cv_id: cv.id };
    });
  }

  async list(userId: number): Promise<CvListItem[]> {
    const candidate = await this.candidates.ensure(userId);
    return this.cvs.list(candidate.id);
  }

  async chunk(req: CvChunkRequest): Promise<CvChunk> {
    const candidate = await this.candidates.ensure(req.user_id);
    const meta = await this.cvs.findMeta(candidate.id, req.cv_id, req.uploaded_by);
    if (!meta) throw new DomainError(AUTH_ERRORS.CV_NOT_FOUND);
    const chunks = Math.max(1, Math.ceil(meta.file_size / CV_CHUNK_BYTES));
    if (req.index >= chunks) throw new DomainError(AUTH_ERRORS.CV_NOT_FOUND, 'No such part of the CV');
    const data = await this.cvs.readSlice(meta.id, req.index * CV_CHUNK_BYTES, CV_CHUNK_BYTES);
    return {
      cv_id: meta.id,
      filename: meta.filename,
      content_type: meta.content_type,
      size: meta.file_size,
      chunks,
      data_base64: data.toString('base64'),
    };
  }

  async delete(userId: number, cvId: number): Promise<MessageResponse> {
    const candidate = await this.candidates.ensure(userId);
    await this.dataSource.transaction(async (manager) => {
      await this.cvs.lockCandidate(manager, candidate.id);
      const deleted = await this.cvs.delete(manager, candidate.id, cvId);
      if (!deleted) throw new DomainError(AUTH_ERRORS.CV_NOT_FOUND);
      if (deleted.is_active) await this.cvs.setCandidateCv(manager, candidate.id, await this.cvs.activateNewest(manager, candidate.id));
    });
    return okMessage('ok.cv_deleted');
  }
}
