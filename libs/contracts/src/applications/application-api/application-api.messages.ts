import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageResponse, rpc } from '../../message';
import { INT4_MAX, nullable } from '../../validation';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-events/application-events';

/** The RPCs behind /api/applications (gateway → applications service). */

export interface ApplicationJobSummary {
  id: number;
  title: string;
  company_name: string;
  location: string | null;
  /** null (like the salary fields) when the job is gone and only the apply-time snapshot is left. */
  location_type: string | null;
  job_type: string | null;
  salary_min: number | null;
  salary_max: number | null;
  currency: string | null;
}

/** A candidate's view of one application. */
export interface MyApplication {
  id: number;
  job_id: number;
  candidate_id: number;
  status: ApplicationStatus;
  applied_at: string;
  notes: string | null;
  cover_letter: string | null;
  job_title: string;
  company_name: string;
  job: ApplicationJobSummary;
}

export interface EmployerApplication {
  id: number;
  job_id: number;
  job_title: string;
  candidate_id: number;
  candidate_name: string;
  candidate_email: string | null;
  candidate_phone: string | null;
  status: ApplicationStatus;
  applied_at: string;
  cover_letter: string | null;
  notes: string | null;
  /** A CV was sent with it and the application is not withdrawn (it may have been deleted since: then the link is 404). */
  has_cv: boolean;
}

export interface Page<T> {
  applications: T[];
  total: number;
  page: number;
  limit: number;
  total_pages: number;
}

export class ApplyRequest {
  @IsInt() candidate_id: number;
  @ApiProperty({ example: 42 }) @IsInt() @Min(1) @Max(INT4_MAX) job_id: number;
  @ApiPropertyOptional({ maxLength: 10000 }) @IsOptional() @IsString() @MaxLength(10000) cover_letter?: string;
}

/** Far beyond any real list of applications; keeps OFFSET an integer the database accepts. */
const MAX_APPLICATIONS_PAGE = 1_000_000;

export class MyApplicationsRequest {
  @IsInt() candidate_id: number;
  @ApiProperty({ minimum: 1, maximum: MAX_APPLICATIONS_PAGE }) @IsInt() @Min(1) @Max(MAX_APPLICATIONS_PAGE) page: number;
  @ApiProperty({ minimum: 1, maximum: 50 }) @IsInt() @Min(1) @Max(50) limit: number;
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
}

export class MyApplicationRequest {
  @IsInt() candidate_id: number;
  @IsInt() application_id: number;
}

export class EmployerApplicationsRequest {
  @IsInt() employer_id: number;
  @ApiProperty({ minimum: 1, maximum: MAX_APPLICATIONS_PAGE }) @IsInt() @Min(1) @Max(MAX_APPLICATIONS_PAGE) page: number;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) limit: number;
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @ApiPropertyOptional({ minimum: 1, maximum: INT4_MAX }) @IsOptional() @IsInt() @Min(1) @Max(INT4_MAX) job_id?: number;
}

export class EmployerApplicationRequest {
  @IsInt() employer_id: number;
  @IsInt() application_id: number;
}

export class SetStatusRequest extends EmployerApplicationRequest {
  /** withdrawn is the candidate's move only (the service refuses it: APPLICATIONS.INVALID_TRANSITION). */
  @ApiProperty({ enum: APPLICATION_STATUSES.filter((s) => s !== 'withdrawn') })
  @IsIn(APPLICATION_STATUSES)
  status: ApplicationStatus;
}

export class SetNotesRequest extends EmployerApplicationRequest {
  @ApiProperty({ nullable: true, maxLength: 10000 }) @nullable() @IsString() @MaxLength(10000) notes: string | null;
}

export const APPLICATIONS_APPLY = rpc<ApplyRequest, MyApplication>('applications.application.apply.v1', ApplyRequest);
export const APPLICATIONS_MY_LIST = rpc<MyApplicationsRequest, Page<MyApplication>>(
  'applications.application.my-list.v1',
  MyApplicationsRequest,
);
export const APPLICATIONS_MY_GET = rpc<MyApplicationRequest, MyApplication>('applications.application.my-get.v1', MyApplicationRequest);
export const APPLICATIONS_WITHDRAW = rpc<MyApplicationRequest, MessageResponse>(
  'applications.application.withdraw.v1',
  MyApplicationRequest,
);
export const APPLICATIONS_EMPLOYER_LIST = rpc<EmployerApplicationsRequest, Page<EmployerApplication>>(
  'applications.application.employer-list.v1',
  EmployerApplicationsRequest,
);
/** The candidate of one of the employer's applications (404 otherwise): the gateway's CV link checks it. */
/**
 * The CV an employer may read for one application: the one sent with it (`cv_id`), or for an application
 * older than that record the candidate's newest CV uploaded by `cv_uploaded_by` (its applied_at).
 * Both null: none to read (withdrawn, or sent without a CV).
 */
export interface ApplicationCv {
  candidate_id: number;
  cv_id: number | null;
  cv_uploaded_by: string | null;
}

export const APPLICATIONS_EMPLOYER_CANDIDATE = rpc<EmployerApplicationRequest, ApplicationCv>(
  'applications.application.employer-candidate.v1',
  EmployerApplicationRequest,
);
export const APPLICATIONS_SET_STATUS = rpc<SetStatusRequest, MessageResponse & { application_id: number; new_status: ApplicationStatus }>(
  'applications.application.set-status.v1',
  SetStatusRequest,
);
export const APPLICATIONS_SET_NOTES = rpc<SetNotesRequest, MessageResponse & { application_id: number; notes: string | null }>(
  'applications.application.set-notes.v1',
  SetNotesRequest,
);
