import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { Reflector } from '@nestjs/core';
import { COMMON_ERRORS } from '@app/contracts';
import { Role } from './auth-user';
import { AuthenticatedRequest, ROLES } from './decorators';

/** 403 when the signed-in user's role is not one the route allows. Runs after JwtAuthGuard. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (user && roles.includes(user.role)) return true;
    // The person reads FORBIDDEN's message in their language; the roles are for the logs.
    throw new DomainError(COMMON_ERRORS.FORBIDDEN, `This action needs the role ${roles.join(' or ')}`);
  }
}
