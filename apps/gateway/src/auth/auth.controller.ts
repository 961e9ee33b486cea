import { Body, Controller, Delete, Get, Headers, HttpCode, Ip, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ServiceClient } from '@app/common';
import {
  AUTH_CHANGE_EMAIL,
  AUTH_CHANGE_PASSWORD,
  AUTH_DELETE_ACCOUNT,
  AUTH_ERRORS,
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
  AUTH_VERIFY_EMAIL,
  Locale,
  localeFromAcceptLanguage,
} from '@app/contracts';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayConfig } from '../gateway.config';
import { AuthUser, CurrentUser, Public, SessionCookies, UserStatusCache } from '../security';
import {
  ChangeEmailDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  OAuthSigninDto,
  RefreshDto,
  ResetPasswordDto,
  SigninDto,
  SignupDto,
  UpdateMeDto,
  VerifyEmailDto,
} from './dto/auth.dto';
import { RateLimit, RateLimitGuard } from './rate-limit';

function client(req: Request, ip: string) {
  return { ip: ip?.slice(0, 100), user_agent: req.header('user-agent')?.slice(0, 500) };
}

/** A new user's language: the one asked for, else the browser's (Accept-Language), else the auth service's default. */
function newUserLocale(req: Request, asked?: Locale): { locale?: Locale } {
  return { locale: asked ?? localeFromAcceptLanguage(req.headers['accept-language']) };
}

@ApiTags('auth')
@Controller('auth')
@UseGuards(RateLimitGuard)
export class AuthController {
  private readonly oauthSecretDigest: Buffer;

  constructor(
    private readonly services: ServiceClient,
    private readonly statuses: UserStatusCache,
    private readonly config: GatewayConfig,
    private readonly cookies: SessionCookies,
  ) {
    this.oauthSecretDigest = createHash('sha256').update(config.OAUTH_SIGNIN_SECRET, 'utf8').digest();
  }

  /** Answers a sign-in as it came, and also sets the session cookies (SessionCookies). */
  private withCookies<T extends { access_token: string }>(res: Response, session: T): T {
    this.cookies.issue(res, session.access_token);
    return session;
  }

  @Public()
  @RateLimit('signup')
  @Post('signup')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a candidate or employer account (and its empty profile); signs in' })
  async signup(@Body() body: SignupDto, @Req() req: Request, @Ip() ip: string, @Res({ passthrough: true }) res: Response) {
    return this.withCookies(
      res,
      await this.services.request(AUTH_SIGNUP, { ...body, ...client(req, ip), ...newUserLocale(req, body.locale) }),
    );
  }

  @Public()
  @RateLimit('signin')
  @Post('signin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  async signin(@Body() body: SigninDto, @Req() req: Request, @Ip() ip: string, @Res({ passthrough: true }) res: Response) {
    return this.withCookies(res, await this.services.request(AUTH_SIGNIN, { ...body, ...client(req, ip) }));
  }

  @Public()
  @RateLimit('refresh')
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair (single use; a reused token revokes its family)' })
  async refresh(@Body() body: RefreshDto, @Req() req: Request, @Ip() ip: string, @Res({ passthrough: true }) res: Response) {
    return this.withCookies(res, await this.services.request(AUTH_REFRESH, { ...body, ...client(req, ip) }));
  }

  @Public()
  @Post('signout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the session (refresh-token family) of the given refresh token' })
  async signout(@Body() body: RefreshDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.services.request(AUTH_SIGNOUT, body);
    this.cookies.clear(res);
  }

  @Post('signout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out everywhere: every session and every access token issued so far stop working' })
  async signoutEverywhere(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.services.request(AUTH_SIGNOUT_EVERYWHERE, { user_id: user.id });
    this.statuses.forget(user.id);
    this.cookies.clear(res);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() user: AuthUser) {
    return this.services.request(AUTH_ME, { user_id: user.id });
  }

  @Patch('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: "(ours) Change the user's own settings: `locale` (fr or en), the language the backend writes to them in" })
  async updateMe(@CurrentUser() user: AuthUser, @Body() body: UpdateMeDto) {
    const me = await this.services.request(AUTH_UPDATE_ME, { user_id: user.id, ...body });
    this.statuses.forget(user.id); // this gateway writes in the new language at once; other replicas within the cache time
    return me;
  }

  @RateLimit('account')
  @Post('change-password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the password; every session and older access token stops working' })
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.services.request(AUTH_CHANGE_PASSWORD, { user_id: user.id, ...body });
    this.statuses.forget(user.id); // this gateway refuses older tokens at once; others within the cache time
    this.cookies.clear(res);
    return result;
  }

  @RateLimit('account')
  @Post('change-email')
  @HttpCode(200)
  @ApiBearerAuth()
  changeEmail(@CurrentUser() user: AuthUser, @Body() body: ChangeEmailDto) {
    return this.services.request(AUTH_CHANGE_EMAIL, { user_id: user.id, ...body });
  }

  @Delete('delete-account')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Delete the account; every service removes the user's data (event)" })
  async deleteAccount(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const result = await this.services.request(AUTH_DELETE_ACCOUNT, { user_id: user.id });
    this.statuses.forget(user.id);
    this.cookies.clear(res);
    return result;
  }

  @Public()
  @RateLimit('forgot')
  @Post('forgot-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mail a single-use reset link (always 200: no account enumeration)' })
  forgotPassword(@Body() body: ForgotPasswordDto) {
    return this.services.request(AUTH_FORGOT_PASSWORD, body);
  }

  @Public()
  @RateLimit('reset')
  @Post('reset-password')
  @HttpCode(200)
  resetPassword(@Body() body: ResetPasswordDto) {
    return this.services.request(AUTH_RESET_PASSWORD, body);
  }

  @Public()
  @Post('verify-email')
  @HttpCode(200)
  verifyEmail(@Body() body: VerifyEmailDto) {
    return this.services.request(AUTH_VERIFY_EMAIL, body);
  }

  @Public()
  @Post('oauth/signin')
  @HttpCode(200)
  @ApiHeader({ name: 'X-OAuth-Client-Secret', required: true, description: "the web client's server's secret (OAUTH_SIGNIN_SECRET)" })
  @ApiOperation({ summary: "Sign in with a provider identity vouched for by the web client's server; links the account" })
  async oauthSignin(
    @Body() body: OAuthSigninDto,
    @Headers('x-oauth-client-secret') secret: string | undefined,
    @Req() req: Request,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.assertOAuthClient(secret);
    return this.withCookies(res, await this.services.request(AUTH_OAUTH_SIGNIN, { ...body, ...client(req, ip), ...newUserLocale(req) }));
  }

  /**
   * This route trusts the identity it is given, so only the web client's server may call it: the
   * secret is always required (the gateway does not start without one). Digests of equal length are
   * compared in constant time, so neither the secret's content nor its length leaks through timing.
   */
  private assertOAuthClient(secret: string | undefined): void {
    const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
    if (!secret || !timingSafeEqual(digest(secret), this.oauthSecretDigest)) throw new DomainError(AUTH_ERRORS.OAUTH_FORBIDDEN);
  }
}
