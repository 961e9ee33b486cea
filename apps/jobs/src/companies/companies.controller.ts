import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
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

  @Handles(JOBS_COMPANY_CREATE)
  create(req: CompanyCreateRequest) {
    return this.companies.create(req);
  }

  @Handles(JOBS_COMPANY_MINE)
  mine(req: CompanyOfUserRequest) {
    return this.companies.mine(req.user_id);
  }

  @Handles(JOBS_COMPANY_UPDATE)
  update(req: CompanyUpdateRequest) {
    return this.companies.update(req);
  }

  @Handles(JOBS_COMPANY_STATS)
  stats(req: CompanyOfUserRequest) {
    return this.companies.stats(req.user_id);
  }

  @Handles(JOBS_COMPANY_LIST)
  list(req: CompanyListRequest) {
    return this.companies.list(req.page, req.limit);
  }

  @Handles(JOBS_MEMBERSHIP_GET)
  membership(req: MembershipGetRequest) {
    return this.companies.getMembership(req.user_id);
  }

  @Handles(JOBS_MEMBERSHIP_SET)
  setMembership(req: MembershipSetRequest) {
    return this.companies.setMembership(req);
  }
}
