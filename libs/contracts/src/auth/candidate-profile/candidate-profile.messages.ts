import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { rpc } from '../../message';
import { UserIdRequest } from '../account/account.messages';

/** The candidate's profile RPCs (profile, experiences, educations, skills); `user_id` is the signed-in user. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** May be absent (kept on update), never null: the column is required. */
const Keepable = () => ValidateIf((_o, v) => v !== undefined);
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
  @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(200) location?: string | null;
  @IsOptional() @IsString() @MaxLength(500) linkedin_url?: string | null;
  @IsOptional() @IsString() @MaxLength(500) website_url?: string | null;
  @IsOptional() @IsString() @MaxLength(200) title?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) summary?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(80) years_experience?: number | null;
  @IsOptional() @IsInt() @Min(0) salary_expectation_min?: number | null;
  @IsOptional() @IsInt() @Min(0) salary_expectation_max?: number | null;
}

export class ExperienceFields {
  @Keepable() @IsString() @MaxLength(200) title?: string;
  @Keepable() @IsString() @MaxLength(200) company?: string;
  @IsOptional() @IsString() @MaxLength(200) location?: string | null;
  @Keepable() @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date?: string;
  @IsOptional() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @Keepable() @IsBoolean() is_current?: boolean;
  @IsOptional() @IsString() @MaxLength(5000) description?: string | null;
}

export class EducationFields {
  @Keepable() @IsString() @MaxLength(200) degree?: string;
  @Keepable() @IsString() @MaxLength(200) school?: string;
  @IsOptional() @IsString() @MaxLength(200) location?: string | null;
  @IsOptional() @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date?: string | null;
  @IsOptional() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) description?: string | null;
}

export class SkillFields {
  @Keepable() @IsString() @MaxLength(100) name?: string;
  @Keepable() @IsInt() @Min(1) @Max(5) level?: number;
  @Keepable() @IsIn(SKILL_CATEGORIES) category?: SkillCategory;
}

export class ProfileItemRequest extends UserIdRequest {
  @IsInt() @Min(1) id: number;
}

/** Create (id absent) or update (id set) of one item; the gateway checks required fields on create. */
export class ExperienceSaveRequest extends ExperienceFields {
  @IsInt() @Min(1) user_id: number;
  @IsOptional() @IsInt() @Min(1) id?: number;
}
export class EducationSaveRequest extends EducationFields {
  @IsInt() @Min(1) user_id: number;
  @IsOptional() @IsInt() @Min(1) id?: number;
}
export class SkillSaveRequest extends SkillFields {
  @IsInt() @Min(1) user_id: number;
  @IsOptional() @IsInt() @Min(1) id?: number;
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
