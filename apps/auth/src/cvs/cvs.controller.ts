import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTH_CV_CHUNK,
  AUTH_CV_DELETE,
  AUTH_CV_LIST,
  AUTH_CV_UPLOAD_CHUNK,
  AUTH_CV_UPLOAD_COMMIT,
  CvChunkRequest,
  CvDeleteRequest,
  CvUploadChunkRequest,
  CvUploadCommitRequest,
  UserIdRequest,
} from '@app/contracts';
import { CvsService } from './cvs.service';

@Controller()
export class CvsController {
  constructor(private readonly cvs: CvsService) {}

  @MessagePattern(AUTH_CV_UPLOAD_CHUNK.subject)
  stageChunk(@Payload() req: CvUploadChunkRequest) {
    return this.cvs.stageChunk(req);
  }

  @MessagePattern(AUTH_CV_UPLOAD_COMMIT.subject)
  commit(@Payload() req: CvUploadCommitRequest) {
    return this.cvs.commit(req);
  }

  @MessagePattern(AUTH_CV_LIST.subject)
  list(@Payload() req: UserIdRequest) {
    return this.cvs.list(req.user_id);
  }

  @MessagePattern(AUTH_CV_CHUNK.subject)
  chunk(@Payload() req: CvChunkRequest) {
    return this.cvs.chunk(req);
  }

  @MessagePattern(AUTH_CV_DELETE.subject)
  delete(@Payload() req: CvDeleteRequest) {
    return this.cvs.delete(req.user_id, req.cv_id);
  }
}
