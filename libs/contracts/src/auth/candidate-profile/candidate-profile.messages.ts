import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { rpc } from '../../message';
import { keepableFields, nullable, SALARY_MAX } from '../../validation';
import { UserIdRequest } from '../account/account.messages';

/** The candidate's profile RPCs (profile, experiences, educations, skills); `user_id` is the signed-in user. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const SKILL_CATEGORIES = ['technical', 'soft', 'language'] as const;
export type SkillCategory = (typeof SKILL_CATEGORIES)[number];

export interface Experience {
  id: number;
  title: string;
  company: string;
  location: string | null;
  start_date: string;
  end_date: string | null;
  is_current: boolean;
  description: string | null;
}

export interface Education {
  id: number;
  degree: string;
  school: string;
  location: string | null;
  start_date: string | null;
  end_date: string | null;
  description: string | null;
}

export interface Skill {
  id: number;
  name: string;
  level: number;
  category: SkillCategory;
}

export interface CandidateProfile {
  id: number;
  user_id: number;
  phone: string | null;
  location: string | null;
  linkedin_url: string | null;
  website_url: string | null;
  title: string | null;
  summary: string | null;
  years_experience: number | null;
  salary_expectation_min: number | null;
  salary_expectation_max: number | null;
  cv_url: string | null;
  cv_filename: string | null;
  cv_uploaded_at: string | null;
  experiences: Experience[];
  educations: Education[];
  skills: Skill[];
}

/** Partial: an absent field is kept, a null clears it. */
export class CandidateProfileUpdateRequest extends UserIdRequest {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(50) phone?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(500) linkedin_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(500) website_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) title?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) summary?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsInt() @Min(0) @Max(80) years_experience?: number | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsInt() @Min(0) @Max(SALARY_MAX) salary_expectation_min?: number | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsInt() @Min(0) @Max(SALARY_MAX) salary_expectation_max?: number | null;
}

/** A new experience (POST); its update and the save request are this class with every field keepable. */
export class ExperienceFields {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) company: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiProperty({ example: '2021-09' }) @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date: string;
  @ApiPropertyOptional({ nullable: true, example: '2023-06' })
  @nullable()
  @Matches(MONTH, { message: 'end_date must be YYYY-MM' })
  end_date?: string | null;
  @ApiProperty() @IsBoolean() is_current: boolean;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
}

export class EducationFields {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) degree: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) school: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date?:
    string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
}

export class SkillFields {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) level: number;
  @ApiProperty({ enum: SKILL_CATEGORIES }) @IsIn(SKILL_CATEGORIES) category: SkillCategory;
}

/**
 * Create (id absent) or update (id set) of one item: every field may be absent, since an update sends
 * only what changes; the gateway requires the fields of a new item (its POST body is the Fields class).
 */
export class ExperienceSaveRequest extends keepableFields(ExperienceFields) {
  @IsInt() @Min(1) user_id: number;
  @IsOptional() @IsInt() @Min(1) id?: number;
}
export class EducationSaveRequest extends keepableFields(EducationFields) {
  @IsInt() @Min(1) user_id: number;
  @IsOptional() @IsInt() @Min(1) id?: number;
}
export class SkillSaveRequest extends keepableFields(SkillFields) {
  @IsInt() @Min(1) user_id: number;
  @IsOptional() @IsInt() @Min(1) id?: number;
}

export class ProfileItemRequest extends UserIdRequest {
  @IsInt() @Min(1) id: number;
}

export const AUTH_CANDIDATE_PROFILE_GET = rpc<UserIdRequest, CandidateProfile>('auth.candidate.profile.get.v1', UserIdRequest);
export const AUTH_CANDIDATE_PROFILE_UPDATE = rpc<CandidateProfileUpdateRequest, CandidateProfile>(
  'auth.candidate.profile.update.v1',
  CandidateProfileUpdateRequest,
);
export const AUTH_EXPERIENCE_SAVE = rpc<ExperienceSaveRequest, Experience>('auth.candidate.experience.save.v1', ExperienceSaveRequest);
export const AUTH_EXPERIENCE_DELETE = rpc<ProfileItemRequest, { deleted: true }>('auth.candidate.experience.delete.v1', ProfileItemRequest);
export const AUTH_EDUCATION_SAVE = rpc<EducationSaveRequest, Education>('auth.candidate.education.save.v1', EducationSaveRequest);
export const AUTH_EDUCATION_DELETE = rpc<ProfileItemRequest, { deleted: true }>('auth.candidate.education.delete.v1', ProfileItemRequest);
export const AUTH_SKILL_SAVE = rpc<SkillSaveRequest, Skill>('auth.candidate.skill.save.v1', SkillSaveRequest);
export const AUTH_SKILL_DELETE = rpc<ProfileItemRequest, { deleted: true }>('auth.candidate.skill.delete.v1', ProfileItemRequest);
