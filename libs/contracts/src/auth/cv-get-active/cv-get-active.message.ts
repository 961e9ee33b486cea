import { IsInt } from 'class-validator';
import { rpc } from '../../message';

export class CvGetActiveRequest {
  @IsInt() user_id: number;
}

export interface CvFile {
  cv_id: number;
  filename: string;
  content_type: string;
  size: number;
  content_base64: string;
}

/** The candidate's active CV (404 AUTH.CV_NOT_FOUND when none); the caller checks who may see it. */
export const AUTH_CV_GET_ACTIVE = rpc<CvGetActiveRequest, CvFile>('auth.cv.get-active.v1', CvGetActiveRequest);
