import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTH_CHANGE_EMAIL,
  AUTH_CHANGE_PASSWORD,
  AUTH_DELETE_ACCOUNT,
  AUTH_FORGOT_PASSWORD,
  AUTH_ME,
  AUTH_OAUTH_SIGNIN,
  AUTH_REFRESH,
  AUTH_RESET_PASSWORD,
  AUTH_SIGNIN,
  AUTH_SIGNOUT,
  AUTH_SIGNOUT_EVERYWHERE,
  AUTH_SIGNUP,
  AUTH_UPDATE_ME,
  AUTH_USER_STATUS,
  AUTH_USERS_GET_MANY,
  AUTH_VERIFY_EMAIL,
  ChangeEmailRequest,
  ChangePasswordRequest,
  ForgotPasswordRequest,
  OAuthSigninRequest,
  RefreshRequest,
  ResetPasswordRequest,
  SigninRequest,
  SignoutRequest,
  SignupRequest,
  UpdateMeRequest,
  UserIdRequest,
  UsersGetManyRequest,
  UserStatusRequest,
  VerifyEmailRequest,
} from '@app/contracts';
import { TokensService } from './tokens.service';
import { UsersService } from './users.service';

/** NATS handlers of the account family: they only delegate. */
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  @MessagePattern(AUTH_SIGNUP.subject)
  signup(@Payload() req: SignupRequest) {
    return this.users.signup(req);
  }

  @MessagePattern(AUTH_SIGNIN.subject)
  signin(@Payload() req: SigninRequest) {
    return this.users.signin(req);
  }

  @MessagePattern(AUTH_OAUTH_SIGNIN.subject)
  oauthSignin(@Payload() req: OAuthSigninRequest) {
    return this.users.oauthSignin(req);
  }

  @MessagePattern(AUTH_REFRESH.subject)
  refresh(@Payload() req: RefreshRequest) {
    return this.tokens.refresh(req.refresh_token, req);
  }

  @MessagePattern(AUTH_SIGNOUT.subject)
  async signout(@Payload() req: SignoutRequest) {
    return { revoked: await this.tokens.signout(req.refresh_token) };
  }

  @MessagePattern(AUTH_SIGNOUT_EVERYWHERE.subject)
  signoutEverywhere(@Payload() req: UserIdRequest) {
    return this.users.signoutEverywhere(req.user_id);
  }

  @MessagePattern(AUTH_ME.subject)
  me(@Payload() req: UserIdRequest) {
    return this.users.me(req.user_id);
  }

  @MessagePattern(AUTH_UPDATE_ME.subject)
  updateMe(@Payload() req: UpdateMeRequest) {
    return this.users.updateMe(req);
  }

  @MessagePattern(AUTH_CHANGE_PASSWORD.subject)
  changePassword(@Payload() req: ChangePasswordRequest) {
    return this.users.changePassword(req);
  }

  @MessagePattern(AUTH_CHANGE_EMAIL.subject)
  changeEmail(@Payload() req: ChangeEmailRequest) {
    return this.users.changeEmail(req);
  }

  @MessagePattern(AUTH_DELETE_ACCOUNT.subject)
  deleteAccount(@Payload() req: UserIdRequest) {
    return this.users.deleteAccount(req.user_id);
  }

  @MessagePattern(AUTH_FORGOT_PASSWORD.subject)
  forgotPassword(@Payload() req: ForgotPasswordRequest) {
    return this.users.forgotPassword(req.email);
  }

  @MessagePattern(AUTH_RESET_PASSWORD.subject)
  resetPassword(@Payload() req: ResetPasswordRequest) {
    return this.users.resetPassword(req.token, req.new_password);
  }

  @MessagePattern(AUTH_VERIFY_EMAIL.subject)
  verifyEmail(@Payload() req: VerifyEmailRequest) {
    return this.users.verifyEmail(req.token);
  }

  @MessagePattern(AUTH_USER_STATUS.subject)
  status(@Payload() req: UserStatusRequest) {
    return this.users.status(req.user_id);
  }

  @MessagePattern(AUTH_USERS_GET_MANY.subject)
  getMany(@Payload() req: UsersGetManyRequest) {
    return this.users.getMany(req.user_ids);
  }
}
