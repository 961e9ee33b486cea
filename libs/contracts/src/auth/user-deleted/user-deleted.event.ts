import { IsIn, IsInt } from 'class-validator';
import { event } from '../../message';

/** A user deleted their account (or an admin did): every service removes what it holds of them. */
export class UserDeletedEvent {
  @IsInt() user_id: number;
  @IsIn(['candidate', 'employer', 'admin']) role: 'candidate' | 'employer' | 'admin';
}

export const USER_DELETED = event<UserDeletedEvent>('events.auth.user.deleted.v1', UserDeletedEvent);
