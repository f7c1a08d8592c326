import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { AnyUser, Public } from './access';
import { authOf } from './authenticate';
import { LoginRequest, MeView, RefreshRequest, SessionView, TokenRequest } from './identity.dto';
import { SessionsService } from './sessions.service';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
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
    summary: 'OAuth 2.0 token endpoint (password and refresh_token grants), used by the Authorize button of this page',
    description: 'Form-encoded as RFC 6749 §4.3 and §6. Answers `{ access_token, token_type, expires_in, refresh_token }`; a bad grant is 400 `invalid_grant`.',
  })
  @ApiOkResponse({ description: '{ access_token, token_type, expires_in, refresh_token }' })
  @ApiProblems(400)
  async token(@Body() body: TokenRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
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

  private oauthError(reply: FastifyReply, error: string, description: string) {
    void reply.status(400);
    return { error, error_description: description };
  }
}
