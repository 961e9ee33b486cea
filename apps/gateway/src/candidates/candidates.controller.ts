import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClient } from '@app/common';
import {
  AUTH_CANDIDATE_PROFILE_GET,
  AUTH_CANDIDATE_PROFILE_UPDATE,
  AUTH_CV_DELETE,
  AUTH_CV_LIST,
  AUTH_EDUCATION_DELETE,
  AUTH_EDUCATION_SAVE,
  AUTH_EXPERIENCE_DELETE,
  AUTH_EXPERIENCE_SAVE,
  AUTH_SKILL_DELETE,
  AUTH_SKILL_SAVE,
  CV_MAX_BYTES,
  okMessage,
} from '@app/contracts';
import type { Response } from 'express';
import { IdParam } from '../http/dto-decorators';
import { AuthUser, CurrentUser, Roles } from '../security';
import { assertPdf, cleanFilename, contentDisposition, downloadCv, uploadCv, UploadedCv } from './cv-files';
import { SingleFileInterceptor } from '../http/multipart';
import {
  CreateEducationDto,
  CreateExperienceDto,
  CreateSkillDto,
  UpdateCandidateProfileDto,
  UpdateEducationDto,
  UpdateExperienceDto,
  UpdateSkillDto,
} from './dto/candidate.dto';

@ApiTags('candidates')
@ApiBearerAuth()
@Roles('candidate')
@Controller('candidates')
export class CandidatesController {
  constructor(private readonly services: ServiceClient) {}

  @Get('profile')
  profile(@CurrentUser() user: AuthUser) {
    return this.services.request(AUTH_CANDIDATE_PROFILE_GET, { user_id: user.id });
  }

  @Put('profile')
  @ApiOperation({ summary: 'Partial update: absent fields are kept, null clears' })
  updateProfile(@CurrentUser() user: AuthUser, @Body() body: UpdateCandidateProfileDto) {
    return this.services.request(AUTH_CANDIDATE_PROFILE_UPDATE, { ...body, user_id: user.id });
  }

  @Post('profile/experiences')
  addExperience(@CurrentUser() user: AuthUser, @Body() body: CreateExperienceDto) {
    return this.services.request(AUTH_EXPERIENCE_SAVE, { ...body, user_id: user.id });
  }

  @Put('profile/experiences/:id')
  updateExperience(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateExperienceDto) {
    return this.services.request(AUTH_EXPERIENCE_SAVE, { ...body, user_id: user.id, id });
  }

  @Delete('profile/experiences/:id')
  async deleteExperience(@CurrentUser() user: AuthUser, @Param() { id }: IdParam) {
    await this.services.request(AUTH_EXPERIENCE_DELETE, { user_id: user.id, id });
    return okMessage('ok.experience_deleted');
  }

  @Post('profile/education')
  addEducation(@CurrentUser() user: AuthUser, @Body() body: CreateEducationDto) {
    return this.services.request(AUTH_EDUCATION_SAVE, { ...body, user_id: user.id });
  }

  @Put('profile/education/:id')
  updateEducation(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateEducationDto) {
    return this.services.request(AUTH_EDUCATION_SAVE, { ...body, user_id: user.id, id });
  }

  @Delete('profile/education/:id')
  async deleteEducation(@CurrentUser() user: AuthUser, @Param() { id }: IdParam) {
    await this.services.request(AUTH_EDUCATION_DELETE, { user_id: user.id, id });
    return okMessage('ok.education_deleted');
  }

  @Post('profile/skills')
  addSkill(@CurrentUser() user: AuthUser, @Body() body: CreateSkillDto) {
    return this.services.request(AUTH_SKILL_SAVE, { ...body, user_id: user.id });
  }

  @Put('profile/skills/:id')
  updateSkill(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateSkillDto) {
    return this.services.request(AUTH_SKILL_SAVE, { ...body, user_id: user.id, id });
  }

  @Delete('profile/skills/:id')
  @HttpCode(204)
  async deleteSkill(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<void> {
    await this.services.request(AUTH_SKILL_DELETE, { user_id: user.id, id });
  }

  @Post('cv')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { cv: { type: 'string', format: 'binary' } }, required: ['cv'] } })
  @ApiOperation({ summary: 'Upload a PDF CV (≤ 5 MB); it becomes the active one' })
  @UseInterceptors(SingleFileInterceptor('cv', CV_MAX_BYTES))
  uploadCv(@CurrentUser() user: AuthUser, @UploadedFile() file: UploadedCv | undefined) {
    assertPdf(file);
    return uploadCv(this.services, user.id, cleanFilename(file.originalname), file.buffer);
  }

  @Get('cv/download')
  @ApiOperation({ summary: 'The active CV as application/pdf' })
  async downloadActive(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    this.sendPdf(res, await downloadCv(this.services, user.id));
  }

  @Get('cvs')
  listCvs(@CurrentUser() user: AuthUser) {
    return this.services.request(AUTH_CV_LIST, { user_id: user.id });
  }

  @Get('cvs/:id/download')
  async download(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Res() res: Response): Promise<void> {
    this.sendPdf(res, await downloadCv(this.services, user.id, id));
  }

  @Delete('cvs/:id')
  @ApiOperation({ summary: 'Delete a CV; deleting the active one activates the newest remaining' })
  deleteCv(@CurrentUser() user: AuthUser, @Param() { id }: IdParam) {
    return this.services.request(AUTH_CV_DELETE, { user_id: user.id, cv_id: id });
  }

  private sendPdf(res: Response, file: { filename: string; content: Buffer }): void {
    res.status(200);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition(file.filename));
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(file.content);
  }
}
