import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  AdminCreateRequest,
  AdminUsersListRequest,
  ApplyRequest,
  CompanyListRequest,
  EmployerApplicationsRequest,
  MAX_PAGE,
  MyApplicationsRequest,
  MyJobsRequest,
  NotificationRequest,
  ChangeEmailRequest,
  ChangePasswordRequest,
  CompanyCreateRequest,
  CompanyUpdateRequest,
  CandidateProfileUpdateRequest,
  EducationSaveRequest,
  ExperienceSaveRequest,
  ForgotPasswordRequest,
  INT4_MAX,
  JobCreateRequest,
  JobListRequest,
  JobUpdateRequest,
  MembershipSetRequest,
  OAuthSigninRequest,
  PASSWORD_MAX_LENGTH,
  ResetPasswordRequest,
  SALARY_MAX,
  SigninRequest,
  SignupRequest,
  SkillSaveRequest,
} from './index';

/**
 * The rules of the request payloads, checked the way a service checks them (its validation pipe:
 * whitelist, class-transformer then class-validator). The gateway's DTOs are mapped types of these
 * classes, so each rule here is the HTTP API's rule too.
 */
async function problems(cls: new () => object, plain: object): Promise<string[]> {
  const errors = await validate(plainToInstance(cls, plain), { whitelist: true, forbidUnknownValues: false });
  return errors.flatMap((e) => Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`)).sort();
}

const job = { employer_id: 7, title: 'Backend', description: 'APIs', location_type: 'remote', job_type: 'full_time' };
const longPassword = 'Aa1!'.repeat(PASSWORD_MAX_LENGTH / 4);

describe('request contracts', () => {
  it('a job title and description must not be blank, on create and on update', async () => {
    expect(await problems(JobCreateRequest, job)).toEqual([]);
    expect(await problems(JobCreateRequest, { ...job, title: ' \t ' })).toEqual(['title:matches']);
    expect(await problems(JobCreateRequest, { ...job, description: '\n' })).toEqual(['description:matches']);
    expect(await problems(JobUpdateRequest, { employer_id: 7, job_id: 1, title: '   ' })).toEqual(['title:matches']);
    expect(await problems(JobUpdateRequest, { employer_id: 7, job_id: 1 })).toEqual([]);
  });

  it('a new job is a draft or published; an update may move it to any status', async () => {
    expect(await problems(JobCreateRequest, { ...job, status: 'draft' })).toEqual([]);
    expect(await problems(JobCreateRequest, { ...job, status: 'published' })).toEqual([]);
    expect(await problems(JobCreateRequest, { ...job, status: 'closed' })).toEqual(['status:isIn']);
    expect(await problems(JobCreateRequest, { ...job, status: 'archived' })).toEqual(['status:isIn']);
    expect(await problems(JobUpdateRequest, { employer_id: 7, job_id: 1, status: 'archived' })).toEqual([]);
  });

  it('every salary figure is capped, the job search minimum too', async () => {
    const list = { page: 1, limit: 10 };
    expect(await problems(JobListRequest, { ...list, salary_min: SALARY_MAX })).toEqual([]);
    expect(await problems(JobListRequest, { ...list, salary_min: SALARY_MAX + 1 })).toEqual(['salary_min:max']);
    expect(await problems(JobCreateRequest, { ...job, salary_max: SALARY_MAX + 1 })).toEqual(['salary_max:max']);
    expect(
      await problems(CandidateProfileUpdateRequest, { user_id: 1, salary_expectation_min: SALARY_MAX + 1, salary_expectation_max: null }),
    ).toEqual(['salary_expectation_min:max']);
  });

  it('one password cap (PASSWORD_MAX_LENGTH) wherever a password is sent', async () => {
    expect(longPassword).toHaveLength(PASSWORD_MAX_LENGTH);
    const cases: Array<[new () => object, object, string]> = [
      [SignupRequest, { email: 'a@b.co', first_name: 'A', last_name: 'B', role: 'candidate' }, 'password'],
      [SigninRequest, { email: 'a@b.co' }, 'password'],
      [ChangePasswordRequest, { user_id: 1, current_password: 'x' }, 'new_password'],
      [ChangeEmailRequest, { user_id: 1, new_email: 'a@b.co' }, 'password'],
      [ResetPasswordRequest, { token: 't' }, 'new_password'],
      [AdminCreateRequest, { email: 'a@b.co' }, 'password'],
    ];
    for (const [cls, base, field] of cases) {
      expect(await problems(cls, { ...base, [field]: longPassword })).toEqual([]);
      expect(await problems(cls, { ...base, [field]: `${longPassword}x` })).toEqual([`${field}:maxLength`]);
    }
  });

  it('sign-up: no admin role, names not empty', async () => {
    const signup = { email: 'a@b.co', password: 'x', first_name: 'A', last_name: 'B', role: 'employer' };
    expect(await problems(SignupRequest, signup)).toEqual([]);
    expect(await problems(SignupRequest, { ...signup, role: 'admin' })).toEqual(['role:isIn']);
    expect(await problems(SignupRequest, { ...signup, first_name: '' })).toEqual(['first_name:minLength']);
  });

  it('forgot-password takes an e-mail address; an OAuth identity is not empty and its expiry is a real date', async () => {
    expect(await problems(ForgotPasswordRequest, { email: 'not-an-address' })).toEqual(['email:isEmail']);
    const oauth = { provider: 'google', provider_account_id: '42', email: 'a@b.co' };
    expect(await problems(OAuthSigninRequest, { ...oauth, expires_at: 253402300799 })).toEqual([]);
    expect(await problems(OAuthSigninRequest, { ...oauth, provider: '' })).toEqual(['provider:minLength']);
    expect(await problems(OAuthSigninRequest, { ...oauth, expires_at: -1 })).toEqual(['expires_at:min']);
    expect(await problems(OAuthSigninRequest, { ...oauth, expires_at: 253402300800 })).toEqual(['expires_at:max']);
  });

  it('a company name is not blank; its links are http(s) URLs', async () => {
    expect(await problems(CompanyCreateRequest, { user_id: 1, name: 'Acme', website_url: 'https://acme.example' })).toEqual([]);
    expect(await problems(CompanyCreateRequest, { user_id: 1, name: '  ' })).toEqual(['name:matches']);
    expect(await problems(CompanyUpdateRequest, { user_id: 1, name: '  ' })).toEqual(['name:matches']);
    expect(await problems(CompanyUpdateRequest, { user_id: 1, logo_url: 'ftp://acme.example/logo.png' })).toEqual(['logo_url:isUrl']);
    expect(await problems(CompanyUpdateRequest, { user_id: 1, logo_url: null })).toEqual([]);
  });

  it('a profile item: absent fields are kept, required ones are not null nor empty, nullable ones clear', async () => {
    expect(await problems(ExperienceSaveRequest, { user_id: 1, id: 2 })).toEqual([]);
    expect(await problems(ExperienceSaveRequest, { user_id: 1, id: 2, title: null })).toEqual([
      'title:isString',
      'title:maxLength',
      'title:minLength',
    ]);
    expect(await problems(ExperienceSaveRequest, { user_id: 1, id: 2, company: '' })).toEqual(['company:minLength']);
    expect(await problems(ExperienceSaveRequest, { user_id: 1, id: 2, location: null, end_date: null })).toEqual([]);
    expect(await problems(EducationSaveRequest, { user_id: 1, school: '' })).toEqual(['school:minLength']);
    expect(await problems(SkillSaveRequest, { user_id: 1, name: '' })).toEqual(['name:minLength']);
    expect(await problems(SkillSaveRequest, { user_id: 1, level: null })).toEqual(['level:isInt', 'level:max', 'level:min']);
  });

  it('ids the client names fit an integer column', async () => {
    expect(await problems(ApplyRequest, { candidate_id: 1, job_id: INT4_MAX })).toEqual([]);
    expect(await problems(ApplyRequest, { candidate_id: 1, job_id: INT4_MAX + 1 })).toEqual(['job_id:max']);
    expect(await problems(MembershipSetRequest, { user_id: 1, company_id: null })).toEqual([]);
    expect(await problems(MembershipSetRequest, { user_id: 1, company_id: 0 })).toEqual(['company_id:min']);
    expect(await problems(MembershipSetRequest, { user_id: 1, company_id: INT4_MAX + 1 })).toEqual(['company_id:max']);
  });

  it('list pages and offsets are bounded as the gateway bounds them', async () => {
    expect(await problems(CompanyListRequest, { page: MAX_PAGE, limit: 50 })).toEqual([]);
    expect(await problems(CompanyListRequest, { page: MAX_PAGE + 1, limit: 50 })).toEqual(['page:max']);
    expect(await problems(MyJobsRequest, { employer_id: 1, page: MAX_PAGE + 1, limit: 10 })).toEqual(['page:max']);
    expect(await problems(JobListRequest, { page: MAX_PAGE + 1, limit: 10 })).toEqual(['page:max']);
    expect(await problems(AdminUsersListRequest, { skip: 100_000_001, limit: 20 })).toEqual(['skip:max']);
    expect(await problems(MyApplicationsRequest, { candidate_id: 1, page: 1, limit: 51 })).toEqual(['limit:max']);
    expect(await problems(EmployerApplicationsRequest, { employer_id: 1, page: 1, limit: 20, job_id: 0 })).toEqual(['job_id:min']);
    expect(await problems(NotificationRequest, { user_id: 1, notification_id: Number.MAX_SAFE_INTEGER + 2 })).toEqual([
      'notification_id:max',
    ]);
  });
});
