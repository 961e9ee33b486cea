import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { JwtConfig, jwtSigningKey } from '@app/common';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';
import { SessionCookies } from './session-cookies';
import { UserStatusCache } from './user-status.cache';

/** Authentication for every route: JwtAuthGuard then RolesGuard, globally. */
@Global()
@Module({})
export class SecurityModule {
  static register(jwt: JwtConfig): DynamicModule {
    return {
      module: SecurityModule,
      imports: [JwtModule.register({ secret: jwtSigningKey(jwt), verifyOptions: { algorithms: ['HS256'] } })],
      providers: [
        { provide: JwtConfig, useValue: jwt },
        UserStatusCache,
        SessionCookies,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [JwtConfig, UserStatusCache, SessionCookies, JwtModule],
    };
  }
}
