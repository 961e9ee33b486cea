import { ArrayMaxSize, IsArray, IsInt } from 'class-validator';
import { rpc } from '../../message';

export class UsersGetManyRequest {
  @IsArray() @ArrayMaxSize(500) @IsInt({ each: true }) user_ids: number[];
}

export interface UserSummary {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: 'candidate' | 'employer' | 'admin';
  is_active: boolean;
  /** The candidate's or employer's profile phone, if any. */
  phone: string | null;
  /** Whether the candidate has an active CV. */
  has_cv: boolean;
  /** The candidate's active CV (auth.candidate_cvs.id), null when none: what an application records. */
  cv_id: number | null;
}

/** Batched look-up of users (e.g. candidate names for an employer's application list); unknown ids are left out. */
export const AUTH_USERS_GET_MANY = rpc<UsersGetManyRequest, { users: UserSummary[] }>('auth.user.get-many.v1', UsersGetManyRequest);
