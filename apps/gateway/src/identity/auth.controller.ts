import { Body, Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { AnyUser, Public } from './access';
import { authOf } from './authenticate';
import { LoginRequest, MeView, RefreshRequest, SessionView, TokenRequest } from './identity.dto';
import { SystemClientsService } from '../tmf/system-clients.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './tokens';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly systemClients: SystemClientsService,
    private readonly tokens: TokenService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in with username and password',
    description: 'Returns a short-lived access token (send it as `Authorization: Bearer <token>`) and a single-use refresh token.',
  })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(400, 401)
  async login(@Body() body: LoginRequest): Promise<SessionView> {
    return this.sessions.start(await this.users.authenticate(body.username, body.password));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access token and refresh token',
    description: 'Each refresh token works once. Presenting a used one again ends the whole session (it was copied).',
  })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshRequest): Promise<SessionView> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'End the session of a refresh token (its access token lapses within minutes)' })
  @ApiProblems(400)
  async logout(@Body() body: RefreshRequest): Promise<void> {
    await this.sessions.end(body.refreshToken);
  }

  @Post('token')
  @HttpCode(200)
  @Public()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequest })
  @ApiOperation({
    summary: 'OAuth 2.0 token endpoint (password, refresh_token and client_credentials grants), used by the Authorize button of this page',
    description:
      'Form-encoded as RFC 6749 §4.3, §4.4 and §6. Answers `{ access_token, token_type, expires_in, refresh_token }`; a bad grant is 400 `invalid_grant`. `client_credentials` is for system clients (`/api/v1/system-clients`), with `client_id` and `client_secret` in the body or as HTTP Basic authentication: no refresh token; a bad client is 401 `invalid_client`.',
  })
  @ApiOkResponse({ description: '{ access_token, token_type, expires_in, refresh_token }' })
  @ApiProblems(400)
  async token(@Body() body: TokenRequest, @Res({ passthrough: true }) reply: FastifyReply, @Headers('authorization') authorization?: string) {
    void reply.header('cache-control', 'no-store');
    if (body.grant_type === 'client_credentials') return this.clientCredentials(body, reply, authorization);
    try {
      let session: SessionView;
      if (body.grant_type === 'password') {
        if (!body.username || !body.password) return this.oauthError(reply, 'invalid_request', 'username and password are required');
        session = await this.sessions.start(await this.users.authenticate(body.username, body.password));
      } else {
        if (!body.refresh_token) return this.oauthError(reply, 'invalid_request', 'refresh_token is required');
        session = await this.sessions.refresh(body.refresh_token);
      }
      return { access_token: session.accessToken, token_type: 'bearer', expires_in: session.expiresIn, refresh_token: session.refreshToken };
    } catch (err) {
      if (err instanceof AppError && (err.code === 'INVALID_CREDENTIALS' || err.code === 'UNAUTHENTICATED')) {
        return this.oauthError(reply, 'invalid_grant', err.message);
      }
      throw err;
    }
  }

  @Get('me')
  @AnyUser()
  @ApiOperation({ summary: 'Who the token stands for: user, roles and, for a customer user, its customer' })
  @ApiOkResponse({ type: MeView })
  @ApiProblems()
  me(@Req() request: FastifyRequest): MeView {
    return authOf(request).caller!;
  }

  /** RFC 6749 §4.4: the client authenticates (body or HTTP Basic, §2.3.1) and gets an access token only. */
  private async clientCredentials(body: TokenRequest, reply: FastifyReply, authorization: string | undefined) {
    let id = body.client_id;
    let secret = body.client_secret;
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        id = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (!id || !secret) return this.oauthError(reply, 'invalid_request', 'client_id and client_secret are required');
    try {
      const access = await this.tokens.issue(await this.systemClients.authenticate(id, secret));
      return { access_token: access.token, token_type: 'bearer', expires_in: access.expiresIn };
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') {
        void reply.status(401).header('www-authenticate', 'Basic realm="gem-api"');
        return { error: 'invalid_client', error_description: err.message };
      }
      throw err;
    }
  }

  private oauthError(reply: FastifyReply, error: string, description: string) {
    void reply.status(400);
    return { error, error_description: description };
  }
}
