import { PickType } from '@nestjs/swagger';
import { CompanyCreateRequest, CompanyListRequest, CompanyUpdateRequest } from '@app/contracts';
import { QueryInt } from '../../http/dto-decorators';

/** The client's fields: the contract's (with their rules) but user_id, which the gateway fills from the token. */
const COMPANY_FIELDS = [
  'description',
  'industry',
  'size',
  'website_url',
  'linkedin_url',
  'address',
  'city',
  'country',
  'logo_url',
  'name',
] as const;

export class CreateCompanyDto extends PickType(CompanyCreateRequest, COMPANY_FIELDS) {}

export class UpdateCompanyDto extends PickType(CompanyUpdateRequest, COMPANY_FIELDS) {}

/** The contract's fields (their rules), converted from the query string, with the API's defaults. */
export class CompanyListQuery extends PickType(CompanyListRequest, ['page', 'limit'] as const) {
  @QueryInt({ default: 1 }) override page: number = 1;
  @QueryInt({ default: 10 }) override limit: number = 10;
}
