import { PickType } from '@nestjs/swagger';
import { ApplyRequest } from '@app/contracts';

/** The contract's fields but the candidate, whom the gateway takes from the token. */
export class ApplyDto extends PickType(ApplyRequest, ['job_id', 'cover_letter'] as const) {}
