import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  APPLICATIONS_APPLY,
  APPLICATIONS_EMPLOYER_CANDIDATE,
  APPLICATIONS_EMPLOYER_LIST,
  APPLICATIONS_MY_GET,
  APPLICATIONS_MY_LIST,
  APPLICATIONS_SET_NOTES,
  APPLICATIONS_SET_STATUS,
  APPLICATIONS_WITHDRAW,
  AUTH_ERRORS,
  EmployerApplication,
  MyApplication,
} from '@app/contracts';
import { DomainError, ServiceClient } from '@app/common';
import type { Response } from 'express';
import { downloadCv } from '../candidates/cv-files';
import { AuthUser, CurrentUser, Roles } from '../security';
import { IdParam } from '../http/dto-decorators';
import { EmployerApplicationsQuery, MyApplicationsQuery } from './dto/application-queries.dto';
import { ApplyDto } from './dto/apply.dto';
import { SetNotesDto, SetStatusDto } from './dto/update-application.dto';

/** What the candidate sees of one application (api.md). */
function myItem(a: MyApplication) {
  return {
    id: a.id,
    job_id: a.job_id,
    candidate_id: a.candidate_id,
    status: a.status,
    applied_at: a.applied_at,
    notes: a.notes,
    cover_letter: a.cover_letter,
    job: a.job,
  };
}

/** The employer's view: the CV is a gateway link that only this job's employer can open. */
function employerItem(a: EmployerApplication) {
  const { has_cv, ...rest } = a;
  return { ...rest, cv_url: has_cv ? `/api/applications/employer/applications/${a.id}/cv` : null };
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('my/applications')
  @Roles('candidate')
  @ApiOperation({ summary: "The candidate's applications with a summary of each job" })
  async listMine(@CurrentUser() user: AuthUser, @Query() query: MyApplicationsQuery) {
    const page = await this.services.request(APPLICATIONS_MY_LIST, {
      candidate_id: user.id,
      page: query.page,
      limit: query.limit,
      status: query.status,
    });
    return { ...page, applications: page.applications.map(myItem) };
  }

  @Post('my/applications')
  @Roles('candidate')
  @ApiOperation({ summary: 'Apply to a published job (404 no such published job, 409 already applied)' })
  async apply(@CurrentUser() user: AuthUser, @Body() body: ApplyDto) {
    return myItem(
      await this.services.request(APPLICATIONS_APPLY, { candidate_id: user.id, job_id: body.job_id, cover_letter: body.cover_letter }),
    );
  }

  @Get('my/applications/:id')
  @Roles('candidate')
  async getMine(@CurrentUser() user: AuthUser, @Param() { id }: IdParam) {
    return myItem(await this.services.request(APPLICATIONS_MY_GET, { candidate_id: user.id, application_id: id }));
  }

  @Delete('my/applications/:id')
  @Roles('candidate')
  @ApiOperation({ summary: 'Withdraw (400 once accepted or rejected, 400 when already withdrawn)' })
  withdraw(@CurrentUser() user: AuthUser, @Param() { id }: IdParam) {
    return this.services.request(APPLICATIONS_WITHDRAW, { candidate_id: user.id, application_id: id });
  }

  @Get('employer/applications')
  @Roles('employer')
  @ApiOperation({ summary: "Applications to the employer's own jobs" })
  async listForEmployer(@CurrentUser() user: AuthUser, @Query() query: EmployerApplicationsQuery) {
    const page = await this.services.request(APPLICATIONS_EMPLOYER_LIST, {
      employer_id: user.id,
      page: query.page,
      limit: query.limit,
      status: query.status,
      job_id: query.job_id,
    });
    return { ...page, applications: page.applications.map(employerItem) };
  }

  @Put('employer/applications/:id/status')
  @Roles('employer')
  @ApiOperation({ summary: 'Move an application along its workflow (400 APPLICATIONS.INVALID_TRANSITION)' })
  setStatus(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: SetStatusDto) {
    return this.services.request(APPLICATIONS_SET_STATUS, { employer_id: user.id, application_id: id, status: body.status });
  }

  @Put('employer/applications/:id/notes')
  @Roles('employer')
  setNotes(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: SetNotesDto) {
    return this.services.request(APPLICATIONS_SET_NOTES, { employer_id: user.id, application_id: id, notes: body.notes ?? null });
  }

  @Get('employer/applications/:id/cv')
  @Roles('employer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The CV sent with the application (application/pdf), for the employer of the job applied to only; 404 once withdrawn',
  })
  async cv(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Res() res: Response): Promise<void> {
    // Exactly the CV sent with the application, while it is not withdrawn (issue 11: consent).
    const sent = await this.services.request(APPLICATIONS_EMPLOYER_CANDIDATE, { employer_id: user.id, application_id: id });
    if (sent.cv_id === null && sent.cv_uploaded_by === null) throw new DomainError(AUTH_ERRORS.CV_NOT_FOUND, 'CV not found');
    const cv = await downloadCv(this.services, sent.candidate_id, sent.cv_id ?? undefined, sent.cv_uploaded_by ?? undefined);
    const content = cv.content;
    const ascii = cv.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res
      .status(200)
      .set({
        'content-type': 'application/pdf',
        'content-length': String(content.length),
        'content-disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(cv.filename)}`,
        'cache-control': 'private, no-store',
      })
      .end(content);
  }
}
