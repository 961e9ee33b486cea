import { PickType } from '@nestjs/swagger';
import { SetNotesRequest, SetStatusRequest } from '@app/contracts';

/** The contract's fields but the employer (token) and the application (path). */
export class SetStatusDto extends PickType(SetStatusRequest, ['status'] as const) {}

export class SetNotesDto extends PickType(SetNotesRequest, ['notes'] as const) {}
