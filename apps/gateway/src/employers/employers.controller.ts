import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceClient } from '@app/common';
import {
  AUTH_EMPLOYER_PROFILE_GET,
  AUTH_EMPLOYER_PROFILE_UPDATE,
  EmployerProfile,
  JOBS_MEMBERSHIP_GET,
  JOBS_MEMBERSHIP_SET,
  okMessage,
} from '@app/contracts';
import { AuthUser, CurrentUser, Roles } from '../security';
import { UpdateEmployerDto } from './dto/employer.dto';

/** The employer profile: its own fields from auth, its company from the jobs service. */
@ApiTags('employers')
@ApiBearerAuth()
@Roles('employer')
@Controller('employers')
export class EmployersController {
  constructor(private readonly services: ServiceClient) {}

  private shape(profile: EmployerProfile, companyId: number | null) {
    return {
      id: profile.id,
      user_id: profile.user_id,
      company_id: companyId,
      position: profile.position,
      department: profile.department,
      phone: profile.phone,
      can_create_jobs: profile.can_create_jobs,
      can_manage_candidates: profile.can_manage_candidates,
      is_admin: profile.is_admin,
    };
  }

  @Get('me')
  async me(@CurrentUser() user: AuthUser) {
    const [profile, membership] = await Promise.all([
      this.services.request(AUTH_EMPLOYER_PROFILE_GET, { user_id: user.id }),
      this.services.request(JOBS_MEMBERSHIP_GET, { user_id: user.id }),
    ]);
    return this.shape(profile, membership.company_id);
  }

  @Put('me')
  @ApiOperation({ summary: 'Partial update; company_id is forwarded to the jobs service' })
  async update(@CurrentUser() user: AuthUser, @Body() body: UpdateEmployerDto) {
    const { company_id, ...fields } = body;
    // Membership first: a refused company (unknown id) leaves the profile untouched.
    const membership =
      company_id !== undefined
        ? await this.services.request(JOBS_MEMBERSHIP_SET, { user_id: user.id, company_id })
        : await this.services.request(JOBS_MEMBERSHIP_GET, { user_id: user.id });
    const profile = await this.services.request(AUTH_EMPLOYER_PROFILE_UPDATE, { ...fields, user_id: user.id });
    return { ...okMessage('ok.employer_profile_updated'), employer: this.shape(profile, membership.company_id) };
  }
}
