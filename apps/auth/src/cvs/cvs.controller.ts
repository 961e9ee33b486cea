import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
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

  @Handles(AUTH_CV_UPLOAD_CHUNK)
  stageChunk(req: CvUploadChunkRequest) {
    return this.cvs.stageChunk(req);
  }

  @Handles(AUTH_CV_UPLOAD_COMMIT)
  commit(req: CvUploadCommitRequest) {
    return this.cvs.commit(req);
  }

  @Handles(AUTH_CV_LIST)
  list(req: UserIdRequest) {
    return this.cvs.list(req.user_id);
  }

  @Handles(AUTH_CV_CHUNK)
  chunk(req: CvChunkRequest) {
    return this.cvs.chunk(req);
  }

  @Handles(AUTH_CV_DELETE)
  delete(req: CvDeleteRequest) {
    return this.cvs.delete(req.user_id, req.cv_id);
  }
}
