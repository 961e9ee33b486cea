import { PickType } from '@nestjs/swagger';
import { CompanyCreateRequest, CompanyUpdateRequest } from '@app/contracts';
import { OptionalInt } from '../../http/dto-decorators';

/** The client's fields: the contract's (with their rules) but user_id, which the gateway fills from the token. */
const COMPANY_FIELDS = ['description', 'industry', 'size', 'website_url', 'linkedin_url', 'address', 'city', 'country', 'logo_url', 'name'] as const;

export class CreateCompanyDto extends PickType(CompanyCreateRequest, COMPANY_FIELDS) {}

export class UpdateCompanyDto extends PickType(CompanyUpdateRequest, COMPANY_FIELDS) {}

export class CompanyListQuery {
  @OptionalInt(1, 100000, { default: 1 }) page: number = 1;
  @OptionalInt(1, 50, { default: 10 }) limit: number = 10;
}
