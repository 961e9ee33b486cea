import { Injectable } from '@nestjs/common';
import { DomainError, Outbox, pageFields, pageOffset } from '@app/common';
import {
  Company,
  CompanyCreateRequest,
  CompanyPage,
  CompanyStats,
  CompanyUpdateRequest,
  JOBS_ERRORS,
  MembershipResponse,
  MembershipSetRequest,
  msg,
} from '@app/contracts';
import { DataSource } from 'typeorm';
import { enqueueJobChanges } from '../jobs/job-changed';
import { COMPANY_FIELDS, CompaniesRepository } from './companies.repository';

function fieldsOf(input: object): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const column of COMPANY_FIELDS) {
    const value = (input as Record<string, unknown>)[column];
    // name cannot be cleared: null means "keep"
    if (value === undefined || (column === 'name' && value === null)) continue;
    values[column] = typeof value === 'string' && column === 'name' ? value.trim() : value;
  }
  return values;
}

@Injectable()
export class CompaniesService {
  constructor(
    private readonly companies: CompaniesRepository,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Creates the company and makes its creator its first member, in one transaction. */
  create(req: CompanyCreateRequest): Promise<Company> {
    return this.dataSource.transaction(async (manager) => {
      if ((await this.companies.membership(req.user_id, manager)) !== null) {
        throw new DomainError(JOBS_ERRORS.ALREADY_IN_COMPANY);
      }
      const company = await this.companies.insert(manager, req.user_id, fieldsOf(req));
      // The primary key on user_id settles a race between two creations by the same employer.
      if (!(await this.companies.addMember(manager, req.user_id, company.id))) {
        throw new DomainError(JOBS_ERRORS.ALREADY_IN_COMPANY);
      }
      return company;
    });
  }

  async mine(userId: number): Promise<Company> {
    const companyId = await this.companies.membership(userId);
    const company = companyId === null ? undefined : await this.companies.byId(companyId);
    if (!company) throw new DomainError(JOBS_ERRORS.COMPANY_NOT_FOUND);
    return company;
  }

  /** Members only; a rename reaches the company's jobs (and their JOB_CHANGED events) in the same transaction. */
  update(req: CompanyUpdateRequest): Promise<Company> {
    return this.dataSource.transaction(async (manager) => {
      const companyId = await this.companies.membership(req.user_id, manager);
      if (companyId === null) throw new DomainError(JOBS_ERRORS.COMPANY_NOT_FOUND);
      const values = fieldsOf(req);
      const company = await this.companies.update(manager, companyId, values);
      if (typeof values.name === 'string')
        await enqueueJobChanges(this.outbox, manager, await this.companies.renameJobs(manager, companyId, values.name));
      return company;
    });
  }

  async stats(userId: number): Promise<CompanyStats> {
    const companyId = await this.companies.membership(userId);
    if (companyId === null) throw new DomainError(JOBS_ERRORS.COMPANY_NOT_FOUND);
    return this.companies.stats(companyId);
  }

  async list(page: number, limit: number): Promise<CompanyPage> {
    const { rows, total } = await this.companies.page(limit, pageOffset(page, limit));
    return { companies: rows, ...pageFields(total, page, limit) };
  }

  async getMembership(userId: number): Promise<MembershipResponse> {
    return { company_id: await this.companies.membership(userId) };
  }

  /**
   * Who may join which company (the contract leaves it to us): leaving (null) is always allowed;
   * joining is allowed only for a company with no members that the caller created (coming back to
   * your own company). Joining a company other people run needs an invitation flow we do not have
   * yet, so it is refused (JOBS.COMPANY_JOIN_FORBIDDEN): nobody can post jobs under another
   * company's name by typing its id.
   */
  setMembership(req: MembershipSetRequest): Promise<MembershipResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.companies.membership(req.user_id, manager);
      const target = req.company_id ?? null;
      if (target === current) return { company_id: current };
      if (target === null) {
        await this.companies.removeMember(manager, req.user_id);
        return { company_id: null };
      }
      const company = await manager.query(`SELECT id, created_by FROM jobs.companies WHERE id = $1 FOR UPDATE`, [target]);
      if (company.length === 0) throw new DomainError(JOBS_ERRORS.COMPANY_NOT_FOUND, msg('error.company.unknown'));
      const ownCompany = company[0].created_by === req.user_id && (await this.companies.memberCount(manager, target)) === 0;
      if (!ownCompany) {
        throw new DomainError(JOBS_ERRORS.COMPANY_JOIN_FORBIDDEN);
      }
      await this.companies.setMember(manager, req.user_id, target);
      return { company_id: target };
    });
  }
}
