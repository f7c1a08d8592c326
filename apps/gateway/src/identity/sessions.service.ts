import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Clock, GatewayEnv } from '@app/shared';
import { GATEWAY_ENV } from '../http/gateway-env';
import { SessionView } from './identity.dto';
import { RefreshToken, User } from './identity.entities';
import { hashRefreshToken, newRefreshToken, TokenService } from './tokens';
import { callerOf, userView } from './users.service';

const REFUSED = 'The refresh token is unknown, expired or revoked; sign in again';

/** Sign-in sessions: a short access token and a single-use refresh token that rotates on every use. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** A new session (a new refresh-token family) for a user who has just proved its password. */
  start(user: User): Promise<SessionView> {
    return this.issue(user, randomUUID());
  }

  /**
   * Exchanges a refresh token for a new pair. A token already used is a stolen copy or a replay: the whole family
   * is revoked, so the thief's and the owner's sessions both end.
   */
  async refresh(token: string): Promise<SessionView> {
    const now = this.clock.now();
    const outcome = await this.db.transaction(async (m) => {
      const row = await m.findOne(RefreshToken, { where: { tokenHash: hashRefreshToken(token) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.revokedAt || row.expiresAt <= now) return undefined;
      if (row.usedAt) {
        await m.update(RefreshToken, { familyId: row.familyId }, { revokedAt: now });
        return undefined;
      }
      await m.update(RefreshToken, { id: row.id }, { usedAt: now });
      const user = await m.findOneBy(User, { id: row.userId });
      return user?.active ? { user, familyId: row.familyId } : undefined;
    });
    if (!outcome) throw new AppError('UNAUTHENTICATED', REFUSED);
    return this.issue(outcome.user, outcome.familyId);
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored: signing out always succeeds. */
  async end(token: string): Promise<void> {
    const row = await this.db.manager.findOneBy(RefreshToken, { tokenHash: hashRefreshToken(token) });
    if (row) await this.db.manager.update(RefreshToken, { familyId: row.familyId }, { revokedAt: this.clock.now() });
  }

  private async issue(user: User, familyId: string): Promise<SessionView> {
    const now = this.clock.now();
    const access = await this.tokens.issue(callerOf(user));
    const refresh = newRefreshToken();
    await this.db.manager.insert(RefreshToken, {
      id: randomUUID(),
      tokenHash: refresh.hash,
      userId: user.id,
      familyId,
      expiresAt: new Date(now.getTime() + this.env.REFRESH_TOKEN_TTL_SECONDS * 1000),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return {
      accessToken: access.token,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      refreshToken: refresh.token,
      refreshExpiresIn: this.env.REFRESH_TOKEN_TTL_SECONDS,
      user: userView(user),
    };
  }
}
