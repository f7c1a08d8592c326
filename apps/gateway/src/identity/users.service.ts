import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, Caller, Clock, escapeLike, GatewayEnv, isUniqueViolation, offsetPage, Page, pageBounds, ProvisioningRpc, Role, sortOrder } from '@app/shared';
import { GATEWAY_ENV } from '../http/gateway-env';
import { NatsLink } from '../http/nats-link';
import { CreateUserRequest, ListUsersQuery, UpdateUserRequest, UserView } from './identity.dto';
import { RefreshToken, User } from './identity.entities';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords';

const DEV_ADMIN_PASSWORD = 'admin-dev-password';

export function userView(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    customerId: u.customerId,
    active: u.active,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export function callerOf(u: User): Caller {
  return { sub: u.id, username: u.username, roles: u.roles, ...(u.customerId ? { customerId: u.customerId } : {}) };
}

function checkCustomerRole(roles: Role[], customerId: string | null | undefined): void {
  if (roles.includes('tmf_client')) {
    throw new AppError('VALIDATION_FAILED', 'tmf_client is the role of system clients (/api/v1/system-clients), not of people', {
      fields: [{ field: 'roles', reason: 'tmf_client is for system clients only' }],
    });
  }
  const isCustomer = roles.includes('customer_user');
  if (isCustomer && roles.length > 1) {
    throw new AppError('VALIDATION_FAILED', "A customer's user has the customer_user role only", {
      fields: [{ field: 'roles', reason: 'customer_user cannot be combined with staff roles' }],
    });
  }
  if (isCustomer !== Boolean(customerId)) {
    throw new AppError('VALIDATION_FAILED', isCustomer ? 'A customer user needs its customer' : 'Only a customer user belongs to a customer', {
      fields: [{ field: 'customerId', reason: isCustomer ? 'required for customer_user' : 'only for customer_user' }],
    });
  }
}

/** The gateway's users: the administrator from configuration, accounts made by administrators, sign-in checks. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly nats: NatsLink,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** Creates the configured administrator at first start; an existing account of that name is left as it is. */
  async onApplicationBootstrap(): Promise<void> {
    const username = this.env.ADMIN_USERNAME;
    if (await this.findByName(this.db.manager, username)) return;
    if (!this.env.ADMIN_PASSWORD && this.env.NODE_ENV === 'production') throw new Error('ADMIN_PASSWORD must be set in production');
    const now = this.clock.now();
    try {
      await this.db.manager.insert(User, {
        id: randomUUID(),
        username,
        displayName: 'Administrator',
        passwordHash: await hashPassword(this.env.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD, this.env.PASSWORD_HASH_COST),
        roles: ['admin'],
        customerId: null,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      this.logger.log(`Created the administrator "${username}" from configuration`);
    } catch (err) {
      // Another gateway replica created it first.
      if (!isUniqueViolation(err)) throw err;
    }
  }

  /** The user whose password this is; one refusal for an unknown name, a wrong password or a disabled account. */
  async authenticate(username: string, password: string): Promise<User> {
    const user = await this.findByName(this.db.manager, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !ok || !user.active) throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password, or the account is disabled');
    return user;
  }

  async create(req: CreateUserRequest): Promise<UserView> {
    checkCustomerRole(req.roles, req.customerId);
    if (req.customerId) await this.checkCustomerExists(req.customerId);
    const now = this.clock.now();
    const user: User = {
      id: randomUUID(),
      username: req.username,
      displayName: req.displayName,
      passwordHash: await hashPassword(req.password, this.env.PASSWORD_HASH_COST),
      roles: req.roles,
      customerId: req.customerId ?? null,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.db.manager.insert(User, user);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('USERNAME_TAKEN', `The username ${req.username} is taken`, { fields: [{ field: 'username', reason: 'already taken' }] });
      }
      throw err;
    }
    return userView(user);
  }

  async update(id: string, req: UpdateUserRequest): Promise<UserView> {
    const user = await this.load(this.db.manager, id);
    const roles = req.roles ?? user.roles;
    const customerId = req.customerId !== undefined ? req.customerId : user.customerId;
    checkCustomerRole(roles, customerId);
    if (customerId && customerId !== user.customerId) await this.checkCustomerExists(customerId);
    const passwordHash = req.password ? await hashPassword(req.password, this.env.PASSWORD_HASH_COST) : user.passwordHash;
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const stillAdmin = roles.includes('admin') && (req.active ?? user.active);
      if (user.roles.includes('admin') && user.active && !stillAdmin) {
        // Serialised with other such changes, so two administrators cannot demote each other at once.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gateway.users.admins']);
        const others = await m
          .createQueryBuilder(User, 'u')
          .where(`'admin' = ANY (u.roles) AND u.active AND u.id <> :id`, { id })
          .getCount();
        if (others === 0) throw new AppError('CONFLICT', 'This is the last active administrator: make another one first');
      }
      const changed = { displayName: req.displayName ?? user.displayName, roles, customerId, active: req.active ?? user.active, passwordHash, updatedAt: now };
      await m.update(User, { id }, changed);
      // New rights, a new password or a disabled account: every session of the old ones ends.
      if (req.roles || req.customerId !== undefined || req.password || req.active === false) {
        await m.createQueryBuilder().update(RefreshToken).set({ revokedAt: now }).where('user_id = :id AND revoked_at IS NULL', { id }).execute();
      }
      return userView({ ...user, ...changed });
    });
  }

  async get(id: string): Promise<UserView> {
    return userView(await this.load(this.db.manager, id));
  }

  async list(q: ListUsersQuery): Promise<Page<UserView>> {
    const { limit, offset } = pageBounds(q);
    const qb = this.db.manager.createQueryBuilder(User, 'u');
    if (q.role) qb.andWhere(':role = ANY (u.roles)', { role: q.role });
    if (q.customerId) qb.andWhere('u.customer_id = :cid', { cid: q.customerId });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    if (q.q) qb.andWhere('(u.username ILIKE :q OR u.display_name ILIKE :q)', { q: `%${escapeLike(q.q)}%` });
    if (q.sort) {
      const { column, direction } = sortOrder(q, 'username', ['username', 'displayName', 'createdAt']);
      qb.orderBy(`u.${column}`, direction);
    } else {
      qb.orderBy('lower(u.username)');
    }
    const rows = await qb.addOrderBy('u.id').take(limit + 1).skip(offset).getMany();
    return offsetPage(q, rows, userView, () => qb.getCount());
  }

  async load(m: EntityManager, id: string): Promise<User> {
    const user = await m.findOneBy(User, { id });
    if (!user) throw new AppError('USER_NOT_FOUND', `No user ${id}`);
    return user;
  }

  private findByName(m: EntityManager, username: string): Promise<User | null> {
    return m.createQueryBuilder(User, 'u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  /** The customer is provisioning's: asked over NATS on behalf of the administrator making the change. */
  private async checkCustomerExists(customerId: string): Promise<void> {
    try {
      await this.nats.send(ProvisioningRpc.getCustomer, { id: customerId });
    } catch (err) {
      if ((err as AppError).code === 'CUSTOMER_NOT_FOUND') {
        throw new AppError('CUSTOMER_UNKNOWN', `No customer ${customerId}`, { fields: [{ field: 'customerId', reason: 'no such customer' }] });
      }
      throw err;
    }
  }
}
