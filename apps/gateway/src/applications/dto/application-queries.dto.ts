import { PickType } from '@nestjs/swagger';
import { EmployerApplicationsRequest, MyApplicationsRequest } from '@app/contracts';
import { QueryInt } from '../../http/dto-decorators';

/** The contract's fields (their rules), converted from the query string, with the API's defaults. */
export class MyApplicationsQuery extends PickType(MyApplicationsRequest, ['page', 'limit', 'status'] as const) {
  @QueryInt({ default: 1 }) override page: number = 1;
  @QueryInt({ default: 10 }) override limit: number = 10;
}

export class EmployerApplicationsQuery extends PickType(EmployerApplicationsRequest, ['page', 'limit', 'status', 'job_id'] as const) {
  @QueryInt({ default: 1 }) override page: number = 1;
  @QueryInt({ default: 20 }) override limit: number = 20;
  @QueryInt() override job_id?: number = undefined;
}
