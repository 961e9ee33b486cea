import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
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

  @Handles(ADMIN_STATS.auth)
  stats(_req: AdminStatsRequest) {
    return this.admin.stats();
  }

  @Handles(AUTH_ADMIN_USERS_LIST)
  listUsers(req: AdminUsersListRequest) {
    return this.admin.listUsers(req);
  }

  @Handles(AUTH_ADMIN_EMPLOYERS_LIST)
  listEmployers(req: AdminEmployersListRequest) {
    return this.admin.listEmployers(req);
  }

  @Handles(AUTH_ADMIN_USER_GET)
  getUser(req: AdminUserGetRequest) {
    return this.admin.getUser(req.user_id);
  }

  @Handles(AUTH_ADMIN_USER_SET_ACTIVE)
  setActive(req: AdminUserSetActiveRequest) {
    return this.admin.setActive(req);
  }

  @Handles(AUTH_ADMIN_USER_DELETE)
  delete(req: AdminUserDeleteRequest) {
    return this.admin.delete(req);
  }

  @Handles(AUTH_ADMIN_CREATE)
  create(req: AdminCreateRequest) {
    return this.admin.createAdmin(req);
  }
}
