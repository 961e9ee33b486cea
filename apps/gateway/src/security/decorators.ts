import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser, Role } from './auth-user';

export const AUTH_OPTIONAL = 'intowork:auth-optional';
export const ROLES = 'intowork:roles';

export { IS_PUBLIC, Public } from '@app/common';

/** A token is used when present and valid (e.g. has_applied on the job list), ignored when absent. */
export const OptionalAuth = () => SetMetadata(AUTH_OPTIONAL, true);

/** Only these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = Request & { user?: AuthUser };

/** The signed-in user (undefined on an OptionalAuth route without a token). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
});
