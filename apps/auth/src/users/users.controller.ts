import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
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

  @Handles(AUTH_SIGNUP)
  signup(req: SignupRequest) {
    return this.users.signup(req);
  }

  @Handles(AUTH_SIGNIN)
  signin(req: SigninRequest) {
    return this.users.signin(req);
  }

  @Handles(AUTH_OAUTH_SIGNIN)
  oauthSignin(req: OAuthSigninRequest) {
    return this.users.oauthSignin(req);
  }

  @Handles(AUTH_REFRESH)
  refresh(req: RefreshRequest) {
    return this.tokens.refresh(req.refresh_token, req);
  }

  @Handles(AUTH_SIGNOUT)
  async signout(req: SignoutRequest) {
    return { revoked: await this.tokens.signout(req.refresh_token) };
  }

  @Handles(AUTH_SIGNOUT_EVERYWHERE)
  signoutEverywhere(req: UserIdRequest) {
    return this.users.signoutEverywhere(req.user_id);
  }

  @Handles(AUTH_ME)
  me(req: UserIdRequest) {
    return this.users.me(req.user_id);
  }

  @Handles(AUTH_UPDATE_ME)
  updateMe(req: UpdateMeRequest) {
    return this.users.updateMe(req);
  }

  @Handles(AUTH_CHANGE_PASSWORD)
  changePassword(req: ChangePasswordRequest) {
    return this.users.changePassword(req);
  }

  @Handles(AUTH_CHANGE_EMAIL)
  changeEmail(req: ChangeEmailRequest) {
    return this.users.changeEmail(req);
  }

  @Handles(AUTH_DELETE_ACCOUNT)
  deleteAccount(req: UserIdRequest) {
    return this.users.deleteAccount(req.user_id);
  }

  @Handles(AUTH_FORGOT_PASSWORD)
  forgotPassword(req: ForgotPasswordRequest) {
    return this.users.forgotPassword(req.email);
  }

  @Handles(AUTH_RESET_PASSWORD)
  resetPassword(req: ResetPasswordRequest) {
    return this.users.resetPassword(req.token, req.new_password);
  }

  @Handles(AUTH_VERIFY_EMAIL)
  verifyEmail(req: VerifyEmailRequest) {
    return this.users.verifyEmail(req.token);
  }

  @Handles(AUTH_USER_STATUS)
  status(req: UserStatusRequest) {
    return this.users.status(req.user_id);
  }

  @Handles(AUTH_USERS_GET_MANY)
  getMany(req: UsersGetManyRequest) {
    return this.users.getMany(req.user_ids);
  }
}
