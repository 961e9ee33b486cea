import { DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { JwtConfig, jwtSigningKey } from '@app/common';
import { PasswordsService } from '../security/passwords.service';
import { AccountsRepository } from './accounts.repository';
import { MailComposer } from './mail.composer';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { PurgeService } from './purge.service';
import { SessionsRepository } from './sessions.repository';
import { TokensService } from './tokens.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Accounts, sessions and one-time tokens: sign-up to delete-account, and the user look-ups other services use. */
@Module({})
export class UsersModule {
  static register(jwt: JwtConfig): DynamicModule {
    return {
      module: UsersModule,
      imports: [JwtModule.register({ secret: jwtSigningKey(jwt), signOptions: { algorithm: 'HS256' } })],
      controllers: [UsersController],
      providers: [
        { provide: JwtConfig, useValue: jwt },
        PasswordsService,
        UsersRepository,
        AccountsRepository,
        SessionsRepository,
        OneTimeTokensRepository,
        TokensService,
        MailComposer,
        UsersService,
        PurgeService,
      ],
    };
  }
}
