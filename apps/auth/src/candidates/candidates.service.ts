import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import {
  AUTH_ERRORS,
  CandidateProfile,
  CandidateProfileUpdateRequest,
  COMMON_ERRORS,
  Education,
  EducationSaveRequest,
  ErrorCode,
  Experience,
  ExperienceSaveRequest,
  msg,
  Skill,
  SkillSaveRequest,
} from '@app/contracts';
import {
  CandidateRow,
  CandidatesRepository,
  EDUCATION_COLUMNS,
  EXPERIENCE_COLUMNS,
  ItemTable,
  SKILL_COLUMNS,
} from './candidates.repository';

/** Columns an item cannot be created without (the gateway checks them too; the service trusts no caller). */
const REQUIRED: Record<ItemTable, string[]> = {
  experiences: ['title', 'company', 'start_date'],
  educations: ['degree', 'school'],
  skills: ['name', 'level', 'category'],
};

const NOT_FOUND: Record<ItemTable, ErrorCode> = {
  experiences: AUTH_ERRORS.EXPERIENCE_NOT_FOUND,
  educations: AUTH_ERRORS.EDUCATION_NOT_FOUND,
  skills: AUTH_ERRORS.SKILL_NOT_FOUND,
};

/** Months are 'YYYY-MM', so string order is time order. */
function assertMonthRange(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) throw new DomainError(AUTH_ERRORS.INVALID_RANGE, msg('error.range.dates'));
}

@Injectable()
export class CandidatesService {
  constructor(private readonly repo: CandidatesRepository) {}

  private async shape(row: CandidateRow): Promise<CandidateProfile> {
    const [experiences, educations, skills] = await Promise.all([
      this.repo.list<Experience>('experiences', row.id),
      this.repo.list<Education>('educations', row.id),
      this.repo.list<Skill>('skills', row.id),
    ]);
    return {
      ...row,
      cv_uploaded_at: row.cv_uploaded_at ? row.cv_uploaded_at.toISOString() : null,
      experiences: experiences.map((e) => ({ ...e, start_date: e.start_date, end_date: e.end_date })),
      educations,
      skills: skills.map((s) => ({ ...s, level: Number(s.level) })),
    };
  }

  async profile(userId: number): Promise<CandidateProfile> {
    return this.shape(await this.repo.ensure(userId));
  }

  async updateProfile(req: CandidateProfileUpdateRequest): Promise<CandidateProfile> {
    const row = await this.repo.ensure(req.user_id);
    const min = req.salary_expectation_min !== undefined ? req.salary_expectation_min : row.salary_expectation_min;
    const max = req.salary_expectation_max !== undefined ? req.salary_expectation_max : row.salary_expectation_max;
    if (min != null && max != null && min > max) {
      throw new DomainError(AUTH_ERRORS.INVALID_RANGE, msg('error.range.salary'));
    }
    await this.repo.update(row.id, req);
    return this.profile(req.user_id);
  }

  private async save<T extends object>(
    table: ItemTable,
    columns: readonly string[],
    req: { user_id: number; id?: number },
    check?: (merged: T) => T,
  ): Promise<T> {
    const candidate = await this.repo.ensure(req.user_id);
    const notFound = NOT_FOUND[table];
    if (req.id === undefined) {
      const missing = REQUIRED[table].filter((c) => (req as Record<string, unknown>)[c] == null);
      if (missing.length) {
        throw new DomainError(
          COMMON_ERRORS.VALIDATION_FAILED,
          'Invalid request payload',
          missing.map((c) => ({ loc: ['body', c], msg: `${c} is required`, type: 'isDefined' })),
        );
      }
      const fields = check ? check(req as unknown as T) : req;
      return this.repo.insertItem<T>(table, candidate.id, columns, fields);
    }
    const current = await this.repo.findItem<T>(table, candidate.id, req.id);
    if (!current) throw new DomainError(notFound);
    const changes = Object.fromEntries(Object.entries(req).filter(([k, v]) => v !== undefined && columns.includes(k)));
    const merged = { ...current, ...changes } as T;
    const fields = check ? check(merged) : merged;
    const updated = await this.repo.updateItem<T>(table, candidate.id, req.id, columns, fields);
    if (!updated) throw new DomainError(notFound);
    return updated;
  }

  saveExperience(req: ExperienceSaveRequest): Promise<Experience> {
    return this.save<Experience>('experiences', EXPERIENCE_COLUMNS, req, (e) => {
      // A current position has no end.
      const fixed = e.is_current ? { ...e, end_date: null } : e;
      assertMonthRange(fixed.start_date, fixed.end_date);
      return fixed;
    });
  }

  saveEducation(req: EducationSaveRequest): Promise<Education> {
    return this.save<Education>('educations', EDUCATION_COLUMNS, req, (e) => {
      assertMonthRange(e.start_date, e.end_date);
      return e;
    });
  }

  async saveSkill(req: SkillSaveRequest): Promise<Skill> {
    const skill = await this.save<Skill>('skills', SKILL_COLUMNS, req);
    return { ...skill, level: Number(skill.level) };
  }

  async deleteItem(table: ItemTable, userId: number, id: number): Promise<{ deleted: true }> {
    const candidate = await this.repo.ensure(userId);
    if (!(await this.repo.deleteItem(table, candidate.id, id))) {
      throw new DomainError(NOT_FOUND[table]);
    }
    return { deleted: true };
  }
}
