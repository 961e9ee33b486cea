import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DomainError } from '@app/common';
import {
  AdminCreateRequest,
  AdminCreateResponse,
  AdminEmployersListRequest,
  AdminEmployersListResponse,
  AdminUser,
  AdminUserDeleteRequest,
  AdminUserSetActiveRequest,
  AdminUsersListRequest,
  AdminUsersListResponse,
  AUTH_ERRORS,
  AuthAdminStats,
  COMMON_ERRORS,
  MessageResponse,
  msg,
  okMessage,
} from '@app/contracts';
import { DataSource } from 'typeorm';
import { PasswordsService } from '../security/passwords.service';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { AdminRepository } from './admin.repository';

/**
 * User administration. Deleting a user and creating one reuse the identity code path (UsersService
 * .deleteAccount: delete + USER_DELETED in the outbox; PasswordsService and UsersRepository.insert),
 * looked up in the application rather than copied, so hashing and deletion exist once.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly admin: AdminRepository,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  private identity<T>(type: new (...args: any[]) => T): T {
    return this.moduleRef.get(type, { strict: false });
  }

  stats(): Promise<AuthAdminStats> {
    return this.admin.stats();
  }

  async listUsers(req: AdminUsersListRequest): Promise<AdminUsersListResponse> {
    const { users, total } = await this.admin.listUsers(req);
    return { users, total, skip: req.skip, limit: req.limit };
  }

  listEmployers(req: AdminEmployersListRequest): Promise<AdminEmployersListResponse> {
    return this.admin.listEmployers(req.skip, req.limit);
  }

  async getUser(userId: number): Promise<AdminUser> {
    const user = await this.admin.getUser(userId);
    if (!user) throw new DomainError(AUTH_ERRORS.NOT_FOUND);
    return user;
  }

  async setActive(req: AdminUserSetActiveRequest): Promise<AdminUser> {
    if (req.actor_id === req.user_id) {
      throw new DomainError(COMMON_ERRORS.BAD_REQUEST, msg('error.admin.self_activation'), { reason: 'SELF' });
    }
    const user = await this.admin.setActive(req.user_id, req.is_active);
    if (!user) throw new DomainError(AUTH_ERRORS.NOT_FOUND);
    return user;
  }

  async delete(req: AdminUserDeleteRequest): Promise<MessageResponse> {
    if (req.actor_id === req.user_id) {
      throw new DomainError(COMMON_ERRORS.BAD_REQUEST, msg('error.admin.self_delete'), { reason: 'SELF' });
    }
    await this.identity(UsersService).deleteAccount(req.user_id);
    return okMessage('ok.user_deleted');
  }

  /** Creates an admin with the password policy and hashing of sign-up; an existing admin of that e-mail is left as is. */
  async createAdmin(req: AdminCreateRequest): Promise<AdminCreateResponse> {
    const passwords = this.identity(PasswordsService);
    const users = this.identity(UsersRepository);
    passwords.assertPolicy(req.password);
    const hash = await passwords.hash(req.password);
    return this.dataSource.transaction(async (manager) => {
      const inserted = await users.insert(manager, {
        email: req.email,
        password_hash: hash,
        first_name: req.first_name ?? 'Admin',
        last_name: req.last_name ?? '',
        role: 'admin',
        verified: true,
      });
      if (inserted) return { user: (await this.admin.getUser(inserted.id, manager))!, created: true };
      const existing = (await users.findByEmail(req.email, manager))!;
      // Never turn a candidate's or employer's account into an admin behind their back.
      if (existing.role !== 'admin') throw new DomainError(AUTH_ERRORS.EMAIL_TAKEN, msg('error.admin.email_not_admin'));
      return { user: (await this.admin.getUser(existing.id, manager))!, created: false };
    });
  }
}
