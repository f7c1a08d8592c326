import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AppError, Caller, Clock, GatewayEnv, Role, ROLES } from '@app/shared';

const ISSUER = 'gem-gateway';
const AUDIENCE = 'gem-api';
const DEV_SECRET = 'development-only-secret-never-use-in-production';
/** Seconds of clock skew allowed on `exp`, as jose applies it. */
export const CLOCK_TOLERANCE = 5;
/** Verified tokens remembered: a few per signed-in user is plenty, and the bound caps the memory. */
const VERIFIED_CACHE_SIZE = 10_000;

export interface AccessToken {
  token: string;
  expiresIn: number;
}

function unauthenticated(detail: string): AppError {
  return new AppError('UNAUTHENTICATED', detail);
}

function rolesFrom(value: unknown): Role[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return list.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r));
}

/**
 * Access tokens: the gateway's own short-lived HS256 JWTs, and optionally those of an OpenID Connect provider
 * (verified against its JWKS, its roles and customer read from configured claims). Refresh tokens are opaque
 * random strings kept hashed in the gateway's schema.
 */
export class TokenService {
  private readonly secret: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  /**
   * The platform's own tokens already verified, until they expire (least recently used dropped first): a token
   * is used for many requests, and its signature check is most of the gateway's own work on a read. Nothing but
   * the token decides whether it is valid (disabling a user or changing its password ends its refresh tokens; its
   * access token runs out, `ACCESS_TOKEN_TTL_SECONDS`), so remembering the verdict changes no answer. Single
   * sign-on tokens are checked every time, against the provider's current keys.
   */
  private readonly verified = new Map<string, { caller: Caller; exp: number }>();

  constructor(
    private readonly env: GatewayEnv,
    private readonly clock: Clock,
  ) {
    if (!env.JWT_SECRET && env.NODE_ENV === 'production') throw new Error('JWT_SECRET must be set in production');
    this.secret = new TextEncoder().encode(env.JWT_SECRET ?? DEV_SECRET);
    if (env.OIDC_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(env.OIDC_JWKS_URL), { cooldownDuration: 30_000 });
  }

  async issue(caller: Caller): Promise<AccessToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const expiresIn = this.env.ACCESS_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ name: caller.username, roles: caller.roles, ...(caller.customerId ? { cid: caller.customerId } : {}), ...(caller.unit ? { unit: caller.unit } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(caller.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .sign(this.secret);
    return { token, expiresIn };
  }

  /** The caller a bearer token stands for; a 401 naming the reason when it is expired, forged or foreign. */
  async verify(token: string): Promise<Caller> {
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      if (this.unexpired(known.exp)) {
        this.verified.set(token, known);
        return known.caller;
      }
    }
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthenticated('The bearer token is not a JWT');
    }
    const options = { currentDate: this.clock.now(), clockTolerance: CLOCK_TOLERANCE };
    try {
      if (issuer === ISSUER) {
        const { payload } = await jwtVerify(token, this.secret, { ...options, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        const caller = this.callerOf(payload, payload.name, rolesFrom(payload.roles), payload.cid, payload.unit);
        if (payload.exp !== undefined && payload.nbf === undefined) this.remember(token, caller, payload.exp);
        return caller;
      }
      if (this.jwks && issuer === this.env.OIDC_ISSUER) {
        const { payload } = await jwtVerify(token, this.jwks, {
          ...options,
          issuer: this.env.OIDC_ISSUER,
          ...(this.env.OIDC_AUDIENCE ? { audience: this.env.OIDC_AUDIENCE } : {}),
          algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
        });
        const name = payload.preferred_username ?? payload.name ?? payload.email;
        return this.callerOf(payload, name, rolesFrom(payload[this.env.OIDC_ROLES_CLAIM]), payload[this.env.OIDC_CUSTOMER_CLAIM], payload[this.env.OIDC_UNIT_CLAIM]);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof errors.JWTExpired) throw unauthenticated('The access token has expired; refresh it or sign in again');
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) {
        throw unauthenticated(`The token's signing key could not be checked: ${(err as Error).message}`);
      }
      throw unauthenticated(`The access token is not valid: ${err.message}`);
    }
    throw unauthenticated('The access token was not issued by this platform or its single sign-on provider');
  }

  /** Still valid at the injected clock's now, as jose decides `exp` (seconds, with the tolerance). */
  private unexpired(exp: number): boolean {
    return exp > Math.floor(this.clock.now().getTime() / 1000) - CLOCK_TOLERANCE;
  }

  private remember(token: string, caller: Caller, exp: number): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { caller, exp });
  }

  private callerOf(payload: JWTPayload, name: unknown, roles: Role[], customerId: unknown, unit: unknown): Caller {
    if (!payload.sub) throw unauthenticated('The access token names no subject');
    if (roles.length === 0) throw new AppError('FORBIDDEN', 'The access token carries no role of this platform');
    const cid = typeof customerId === 'string' && customerId ? customerId : undefined;
    if (roles.includes('customer_user') && !cid) throw new AppError('FORBIDDEN', "A customer user's token must name its customer");
    return {
      sub: payload.sub,
      username: typeof name === 'string' && name ? name : payload.sub,
      // A customer's user is never also staff: its roles are confined to the customer role (a customer's system: tmf_client).
      roles: cid ? [roles.includes('tmf_client') ? 'tmf_client' : 'customer_user'] : roles,
      ...(cid ? { customerId: cid } : {}),
      // Only a handling unit's user works for a unit (its legs are the ones it acts on).
      ...(!cid && roles.includes('handling_unit') && typeof unit === 'string' && unit ? { unit } : {}),
    };
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
