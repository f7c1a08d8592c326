import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiExtension, ApiOAuth2, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppError, Role, STAFF_ROLES } from '@app/shared';
import { authOf } from './authenticate';

/** Who may call a route: anyone (sign-in, health), or users holding one of the roles (administrators always may). */
export type Access = { public: true } | { roles: Role[]; metricsToken?: boolean };

const ACCESS = 'access';
export const ROLES_EXTENSION = 'x-roles';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** The route needs a signed-in user with one of these roles; the roles are written into the OpenAPI document. */
export function Allow(...roles: Role[]) {
  const allowed = [...new Set<Role>(['admin', ...roles])];
  return applyDecorators(
    SetMetadata(ACCESS, { roles: allowed } satisfies Access),
    ApiBearerAuth('bearer'),
    ApiOAuth2([], 'oauth2'),
    ApiExtension(ROLES_EXTENSION, allowed),
    problem(401, 'No token, or an expired or invalid one'),
    problem(403, `The user's role may not do this (allowed: ${allowed.join(', ')})`),
  );
}

/** Every role but customers' own users. */
export const Staff = () => Allow(...STAFF_ROLES);

/** Any signed-in user; what a customer's user gets is confined to its customer by the services. */
export const AnyUser = () => Allow(...STAFF_ROLES, 'customer_user');

export const Public = () => applyDecorators(SetMetadata(ACCESS, { public: true } satisfies Access), ApiExtension(ROLES_EXTENSION, ['public']));

/** Prometheus: an administrator, or the bearer token METRICS_TOKEN. */
export const MetricsAccess = () =>
  applyDecorators(SetMetadata(ACCESS, { roles: ['admin'], metricsToken: true } satisfies Access), ApiBearerAuth('bearer'), ApiExtension(ROLES_EXTENSION, ['admin', 'METRICS_TOKEN']));

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authorisation on every route. A route without a rule is refused (fail closed); the authentication hook has
 * already verified the token, this decides whether its roles may call the route.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly metricsToken?: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [context.getHandler(), context.getClass()]);
    if (!access) throw new AppError('FORBIDDEN', 'This route has no access rule');
    if ('public' in access) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const auth = authOf(request);
    if (access.metricsToken && this.metricsToken && auth.bearer && sameSecret(auth.bearer, this.metricsToken)) return true;
    if (auth.error) throw auth.error;
    if (!auth.caller) throw new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <access token> (POST /api/v1/auth/login)');
    if (!auth.caller.roles.some((r) => access.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `This needs one of the roles ${access.roles.join(', ')}; you have ${auth.caller.roles.join(', ')}`, {
        allowedRoles: access.roles,
      });
    }
    return true;
  }
}
