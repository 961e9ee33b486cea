import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ADMIN_STATS,
  AdminCreateRequest,
  AdminEmployersListRequest,
  AdminStatsRequest,
  AdminUserDeleteRequest,
  AdminUserGetRequest,
  AdminUserSetActiveRequest,
  AdminUsersListRequest,
  AUTH_ADMIN_CREATE,
  AUTH_ADMIN_EMPLOYERS_LIST,
  AUTH_ADMIN_USER_DELETE,
  AUTH_ADMIN_USER_GET,
  AUTH_ADMIN_USER_SET_ACTIVE,
  AUTH_ADMIN_USERS_LIST,
} from '@app/contracts';
import { AdminService } from './admin.service';

@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @MessagePattern(ADMIN_STATS.auth.subject)
  stats(@Payload() _req: AdminStatsRequest) {
    return this.admin.stats();
  }

  @MessagePattern(AUTH_ADMIN_USERS_LIST.subject)
  listUsers(@Payload() req: AdminUsersListRequest) {
    return this.admin.listUsers(req);
  }

  @MessagePattern(AUTH_ADMIN_EMPLOYERS_LIST.subject)
  listEmployers(@Payload() req: AdminEmployersListRequest) {
    return this.admin.listEmployers(req);
  }

  @MessagePattern(AUTH_ADMIN_USER_GET.subject)
  getUser(@Payload() req: AdminUserGetRequest) {
    return this.admin.getUser(req.user_id);
  }

  @MessagePattern(AUTH_ADMIN_USER_SET_ACTIVE.subject)
  setActive(@Payload() req: AdminUserSetActiveRequest) {
    return this.admin.setActive(req);
  }

  @MessagePattern(AUTH_ADMIN_USER_DELETE.subject)
  delete(@Payload() req: AdminUserDeleteRequest) {
    return this.admin.delete(req);
  }

  @MessagePattern(AUTH_ADMIN_CREATE.subject)
  create(@Payload() req: AdminCreateRequest) {
    return this.admin.createAdmin(req);
  }
}
