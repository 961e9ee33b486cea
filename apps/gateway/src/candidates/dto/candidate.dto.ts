import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MONTH, SKILL_CATEGORIES } from '@app/contracts';
import { keepable, nullable } from '../../http/dto-decorators';

export class UpdateCandidateProfileDto {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(50) phone?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(500) linkedin_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(500) website_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) title?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) summary?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsInt() @Min(0) @Max(80) years_experience?: number | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsInt() @Min(0) @Max(100000000) salary_expectation_min?: number | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsInt() @Min(0) @Max(100000000) salary_expectation_max?: number | null;
}

export class CreateExperienceDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) company: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiProperty({ example: '2021-09' }) @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date: string;
  @ApiPropertyOptional({ nullable: true, example: '2023-06' }) @nullable() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @ApiProperty() @IsBoolean() is_current: boolean;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
}

export class UpdateExperienceDto {
  @ApiPropertyOptional() @keepable() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @keepable() @IsString() @MinLength(1) @MaxLength(200) company?: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional() @keepable() @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date?: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @ApiPropertyOptional() @keepable() @IsBoolean() is_current?: boolean;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
}

export class CreateEducationDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) degree: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) school: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
}

export class UpdateEducationDto {
  @ApiPropertyOptional() @keepable() @IsString() @MinLength(1) @MaxLength(200) degree?: string;
  @ApiPropertyOptional() @keepable() @IsString() @MinLength(1) @MaxLength(200) school?: string;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) location?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'start_date must be YYYY-MM' }) start_date?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @Matches(MONTH, { message: 'end_date must be YYYY-MM' }) end_date?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
}

export class CreateSkillDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) level: number;
  @ApiProperty({ enum: SKILL_CATEGORIES }) @IsIn(SKILL_CATEGORIES) category: (typeof SKILL_CATEGORIES)[number];
}

export class UpdateSkillDto {
  @ApiPropertyOptional() @keepable() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @keepable() @IsInt() @Min(1) @Max(5) level?: number;
  @ApiPropertyOptional({ enum: SKILL_CATEGORIES }) @keepable() @IsIn(SKILL_CATEGORIES) category?: (typeof SKILL_CATEGORIES)[number];
}

