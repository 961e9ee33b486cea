import { UnprocessableEntityException } from '@nestjs/common';
import { CreateJobDto, UpdateJobDto } from '../jobs/dto/job.dto';
import { CreateExperienceDto, UpdateExperienceDto } from '../candidates/dto/candidate.dto';
import { UpdateEmployerDto } from '../employers/dto/employer.dto';
import { SignupDto } from '../auth/dto/auth.dto';
import { JobListQuery } from '../jobs/dto/job.dto';
import { AdminUsersQuery } from '../admin/dto/admin.dto';
import { CreateCompanyDto } from '../companies/dto/company.dto';
import { RequestValidationPipe } from './request-validation.pipe';

/**
 * The body DTOs are mapped types of the contract classes: they keep the contract's rules (the 422s of
 * the HTTP API) and take only the client's fields (what the gateway fills in is stripped).
 */
const pipe = new RequestValidationPipe();

async function body<T>(metatype: new () => T, value: object, type: 'body' | 'query' = 'body'): Promise<T> {
  return (await pipe.transform(value, { type, metatype })) as T;
}

async function problems(
  metatype: new () => object,
  value: object,
  type: 'body' | 'query' = 'body',
): Promise<Array<{ loc: unknown[]; type: string }>> {
  try {
    await body(metatype, value, type);
    return [];
  } catch (err) {
    if (!(err instanceof UnprocessableEntityException)) throw err;
    const detail = (err.getResponse() as { detail: Array<{ loc: unknown[]; type: string }> }).detail;
    return detail.map(({ loc, type }) => ({ loc, type }));
  }
}

describe('request DTOs built from the contracts', () => {
  const job = { title: 'Backend', description: 'APIs', location_type: 'remote', job_type: 'full_time' };

  it('keeps the contract rules, as 422 field problems', async () => {
    expect(await problems(CreateJobDto, { ...job, title: '   ' })).toEqual([{ loc: ['body', 'title'], type: 'matches' }]);
    expect(await problems(CreateJobDto, { ...job, status: 'closed' })).toEqual([{ loc: ['body', 'status'], type: 'isIn' }]);
    expect(await problems(UpdateJobDto, { status: 'closed' })).toEqual([]);
    // Rules a contract class inherits from its base (the optional job and company fields) are kept too.
    expect(await problems(CreateJobDto, { ...job, salary_max: 100_000_001 })).toEqual([{ loc: ['body', 'salary_max'], type: 'max' }]);
    expect(await problems(CreateCompanyDto, { name: 'Acme', logo_url: 'ftp://acme.example/logo.png' })).toEqual([
      { loc: ['body', 'logo_url'], type: 'isUrl' },
    ]);
    expect(await problems(SignupDto, { email: 'a@b.co', password: 'x', first_name: 'A', last_name: 'B', role: 'admin' })).toEqual([
      { loc: ['body', 'role'], type: 'isIn' },
    ]);
    expect(await problems(UpdateEmployerDto, { company_id: 0, phone: 'x'.repeat(51) })).toEqual([
      { loc: ['body', 'company_id'], type: 'min' },
      { loc: ['body', 'phone'], type: 'maxLength' },
    ]);
  });

  it('a new item requires its fields; an update keeps absent ones and refuses null for a required column', async () => {
    expect(await problems(CreateExperienceDto, { company: 'Acme', start_date: '2021-09', is_current: true })).toEqual(
      expect.arrayContaining([{ loc: ['body', 'title'], type: 'isString' }]),
    );
    expect(await problems(UpdateExperienceDto, {})).toEqual([]);
    expect(await problems(UpdateExperienceDto, { location: null, end_date: null })).toEqual([]);
    expect(await problems(UpdateExperienceDto, { is_current: null })).toEqual([{ loc: ['body', 'is_current'], type: 'isBoolean' }]);
  });

  it('strips what the gateway fills in from the token or the path', async () => {
    const created = await body(CreateJobDto, { ...job, employer_id: 99 });
    expect(created).toBeInstanceOf(CreateJobDto);
    expect(created).not.toHaveProperty('employer_id');
    expect(await body(UpdateJobDto, { job_id: 5, employer_id: 99, title: 'New' })).toEqual(expect.objectContaining({ title: 'New' }));
    expect(await body(UpdateJobDto, { job_id: 5, employer_id: 99 })).not.toHaveProperty('job_id');
  });

  it('query DTOs: the contract rules on the converted query string, and the defaults', async () => {
    expect(await body(JobListQuery, {}, 'query')).toEqual(expect.objectContaining({ page: 1, limit: 10 }));
    expect(await body(JobListQuery, { page: '3', salary_min: '40000', featured: 'true' }, 'query')).toEqual(
      expect.objectContaining({ page: 3, limit: 10, salary_min: 40000, featured: true }),
    );
    expect(await problems(JobListQuery, { salary_min: '100000001' }, 'query')).toEqual([{ loc: ['query', 'salary_min'], type: 'max' }]);
    expect(await problems(JobListQuery, { limit: '51', featured: 'yes' }, 'query')).toEqual([
      { loc: ['query', 'limit'], type: 'max' },
      { loc: ['query', 'featured'], type: 'isBoolean' },
    ]);
    expect(await problems(AdminUsersQuery, { skip: '100000001', role: 'root' }, 'query')).toEqual([
      { loc: ['query', 'skip'], type: 'max' },
      { loc: ['query', 'role'], type: 'isIn' },
    ]);
  });
});
