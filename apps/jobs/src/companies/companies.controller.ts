import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CompanyCreateRequest,
  CompanyListRequest,
  CompanyOfUserRequest,
  CompanyUpdateRequest,
  JOBS_COMPANY_CREATE,
  JOBS_COMPANY_LIST,
  JOBS_COMPANY_MINE,
  JOBS_COMPANY_STATS,
  JOBS_COMPANY_UPDATE,
  JOBS_MEMBERSHIP_GET,
  JOBS_MEMBERSHIP_SET,
  MembershipGetRequest,
  MembershipSetRequest,
} from '@app/contracts';
import { CompaniesService } from './companies.service';

@Controller()
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @MessagePattern(JOBS_COMPANY_CREATE.subject)
  create(@Payload() req: CompanyCreateRequest) {
    return this.companies.create(req);
  }

  @MessagePattern(JOBS_COMPANY_MINE.subject)
  mine(@Payload() req: CompanyOfUserRequest) {
    return this.companies.mine(req.user_id);
  }

  @MessagePattern(JOBS_COMPANY_UPDATE.subject)
  update(@Payload() req: CompanyUpdateRequest) {
    return this.companies.update(req);
  }

  @MessagePattern(JOBS_COMPANY_STATS.subject)
  stats(@Payload() req: CompanyOfUserRequest) {
    return this.companies.stats(req.user_id);
  }

  @MessagePattern(JOBS_COMPANY_LIST.subject)
  list(@Payload() req: CompanyListRequest) {
    return this.companies.list(req.page, req.limit);
  }

  @MessagePattern(JOBS_MEMBERSHIP_GET.subject)
  membership(@Payload() req: MembershipGetRequest) {
    return this.companies.getMembership(req.user_id);
  }

  @MessagePattern(JOBS_MEMBERSHIP_SET.subject)
  setMembership(@Payload() req: MembershipSetRequest) {
    return this.companies.setMembership(req);
  }
}
