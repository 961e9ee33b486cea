import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClient } from '@app/common';
import { JOBS_COMPANY_CREATE, JOBS_COMPANY_LIST, JOBS_COMPANY_MINE, JOBS_COMPANY_STATS, JOBS_COMPANY_UPDATE } from '@app/contracts';
import { AuthUser, CurrentUser, Public, Roles } from '../security';
import { CompanyListQuery, CreateCompanyDto, UpdateCompanyDto } from './dto/company.dto';

@ApiTags('companies')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create your company; you become its first member (409 JOBS.ALREADY_IN_COMPANY)' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateCompanyDto) {
    return this.services.request(JOBS_COMPANY_CREATE, { ...body, user_id: user.id });
  }

  @Get('all')
  @Public()
  @ApiOperation({ summary: 'Every company, alphabetical, with its count of published jobs' })
  list(@Query() query: CompanyListQuery) {
    return this.services.request(JOBS_COMPANY_LIST, { page: query.page, limit: query.limit });
  }

  @Get('my-company')
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your company (404 JOBS.COMPANY_NOT_FOUND when none)' })
  mine(@CurrentUser() user: AuthUser) {
    return this.services.request(JOBS_COMPANY_MINE, { user_id: user.id });
  }

  @Put('my-company')
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Update your company (members only); a rename reaches its jobs' company_name" })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateCompanyDto) {
    return this.services.request(JOBS_COMPANY_UPDATE, { ...body, user_id: user.id });
  }

  @Get('my-company/stats')
  @Roles('employer')
  @ApiBearerAuth()
  @ApiOperation({ summary: '{active_jobs, total_jobs, total_applications, total_employers}' })
  stats(@CurrentUser() user: AuthUser) {
    return this.services.request(JOBS_COMPANY_STATS, { user_id: user.id });
  }
}
