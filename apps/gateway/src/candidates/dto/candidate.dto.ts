import { PickType } from '@nestjs/swagger';
import { CandidateProfileUpdateRequest, EducationFields, ExperienceFields, keepableFields, SkillFields } from '@app/contracts';

/**
 * The candidate's bodies are the contract's classes (their rules, written once): a new item is its Fields
 * class, an update the same fields keepable (absent: kept; null only where the column takes it).
 */
export class UpdateCandidateProfileDto extends PickType(CandidateProfileUpdateRequest, [
  'phone',
  'location',
  'linkedin_url',
  'website_url',
  'title',
  'summary',
  'years_experience',
  'salary_expectation_min',
  'salary_expectation_max',
] as const) {}

export class CreateExperienceDto extends ExperienceFields {}
export class UpdateExperienceDto extends keepableFields(ExperienceFields) {}

export class CreateEducationDto extends EducationFields {}
export class UpdateEducationDto extends keepableFields(EducationFields) {}

export class CreateSkillDto extends SkillFields {}
export class UpdateSkillDto extends keepableFields(SkillFields) {}
