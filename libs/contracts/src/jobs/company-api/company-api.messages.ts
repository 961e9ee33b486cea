import { IsInt, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { rpc } from '../../message';
import { MAX_PAGE, notBlank, nullable } from '../../validation';

/** The RPCs behind /api/companies (gateway → jobs service). */

export interface Company {
  id: number;
  name: string;
  description: string | null;
  industry: string | null;
  size: string | null;
  website_url: string | null;
  linkedin_url: string | null;
  address: string | null;
  city: string | null;
  country: string | null;
  logo_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface CompanyListItem extends Company {
  /** Published jobs of the company. */
  total_jobs: number;
}

export interface CompanyStats {
  active_jobs: number;
  total_jobs: number;
  total_applications: number;
  total_employers: number;
}

/** A link the board shows as is: an absolute http(s) URL (no other scheme). */
const webUrl = () => IsUrl({ require_protocol: true, protocols: ['http', 'https'] });

/** Editable company fields; undefined keeps, null clears (except name). */
export class CompanyFields {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) industry?: string | null;
  @ApiPropertyOptional({ nullable: true, example: '11-50' }) @nullable() @IsString() @MaxLength(50) size?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @webUrl() @MaxLength(500) website_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @webUrl() @MaxLength(500) linkedin_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(500) address?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) city?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) country?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @webUrl() @MaxLength(1000) logo_url?: string | null;
}

export class CompanyCreateRequest extends CompanyFields {
  /** Filled by the gateway from the token. */
  @IsInt() user_id: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @notBlank() name: string;
}

/** A new company's fields, each optional (undefined keeps). */
export class CompanyUpdateRequest extends PartialType(OmitType(CompanyCreateRequest, ['user_id'] as const)) {
  @IsInt() user_id: number;
}

export class CompanyOfUserRequest {
  @IsInt() user_id: number;
}

export class CompanyListRequest {
  @ApiProperty({ minimum: 1, maximum: MAX_PAGE }) @IsInt() @Min(1) @Max(MAX_PAGE) page: number;
  @ApiProperty({ minimum: 1, maximum: 50 }) @IsInt() @Min(1) @Max(50) limit: number;
}

export interface CompanyPage {
  companies: CompanyListItem[];
  total: number;
  page: number;
  limit: number;
  total_pages: number;
}

export const JOBS_COMPANY_CREATE = rpc<CompanyCreateRequest, Company>('jobs.company.create.v1', CompanyCreateRequest);
/** The caller's company (JOBS.COMPANY_NOT_FOUND when none). */
export const JOBS_COMPANY_MINE = rpc<CompanyOfUserRequest, Company>('jobs.company.mine.v1', CompanyOfUserRequest);
export const JOBS_COMPANY_UPDATE = rpc<CompanyUpdateRequest, Company>('jobs.company.update.v1', CompanyUpdateRequest);
export const JOBS_COMPANY_STATS = rpc<CompanyOfUserRequest, CompanyStats>('jobs.company.stats.v1', CompanyOfUserRequest);
export const JOBS_COMPANY_LIST = rpc<CompanyListRequest, CompanyPage>('jobs.company.list.v1', CompanyListRequest);
