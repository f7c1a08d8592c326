import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, Caller, Clock, escapeLike, GatewayEnv, GatewayEvents, isUniqueViolation, offsetPage, Page, pageBounds, ProvisioningRpc, Role, sortOrder, SYSTEM_CLIENT_ROLES, UserChangedData } from '@app/shared';
import { GatewayOutbox } from '../events/gateway-outbox';
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
    unit: u.unit,
    phone: u.phone,
    email: u.email,
    active: u.active,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** The user as the other services learn of it (the notifier's directory): all of it but the password, every time. */
function userChanged(u: User): UserChangedData {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    ...(u.customerId ? { customerId: u.customerId } : {}),
    ...(u.unit ? { unit: u.unit } : {}),
    ...(u.phone ? { phone: u.phone } : {}),
    ...(u.email ? { email: u.email } : {}),
    active: u.active,
    at: u.updatedAt.toISOString(),
  };
}

export function callerOf(u: User): Caller {
  return { sub: u.id, username: u.username, roles: u.roles, ...(u.customerId ? { customerId: u.customerId } : {}), ...(u.unit && u.roles.includes('handling_unit') ? { unit: u.unit } : {}) };
}

function checkCustomerRole(roles: Role[], customerId: string | null | undefined): void {
  const system = roles.find((r) => (SYSTEM_CLIENT_ROLES as readonly Role[]).includes(r));
  if (system) {
    throw new AppError('VALIDATION_FAILED', `${system} is the role of system clients (/api/v1/system-clients), not of people`, {
      fields: [{ field: 'roles', reason: `${system} is for system clients only` }],
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

function checkUnit(roles: Role[], unit: string | null | undefined): void {
  if (unit && roles.includes('customer_user')) {
    throw new AppError('VALIDATION_FAILED', "A customer's user works for its customer, not for a handling unit", {
      fields: [{ field: 'unit', reason: 'not for customer_user' }],
    });
  }
}

/** The user's fields after an update, checked: `undefined` keeps a field, `null` clears it. */
function updated(user: User, req: UpdateUserRequest): Pick<User, 'displayName' | 'roles' | 'customerId' | 'unit' | 'phone' | 'email' | 'active'> {
  const keep = <T>(value: T | undefined, current: T): T => (value !== undefined ? value : current);
  const fields = {
    displayName: req.displayName ?? user.displayName,
    roles: req.roles ?? user.roles,
    customerId: keep(req.customerId, user.customerId),
    unit: keep(req.unit, user.unit),
    phone: keep(req.phone, user.phone),
    email: keep(req.email, user.email),
    active: req.active ?? user.active,
  };
  checkCustomerRole(fields.roles, fields.customerId);
  checkUnit(fields.roles, fields.unit);
  return fields;
}

/** The gateway's users: the administrator from configuration, accounts made by administrators, sign-in checks. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly nats: NatsLink,
    private readonly outbox: GatewayOutbox,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** Creates the configured administrator at first start; an existing account of that name is left as it is. */
  async onApplicationBootstrap(): Promise<void> {
    const username = this.env.ADMIN_USERNAME;
    if (await this.findByName(this.db.manager, username)) return;
    if (!this.env.ADMIN_PASSWORD && this.env.NODE_ENV === 'production') throw new Error('ADMIN_PASSWORD must be set in production');
    const now = this.clock.now();
    try {
      await this.insert({
        id: randomUUID(),
        username,
        displayName: 'Administrator',
        passwordHash: await hashPassword(this.env.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD, this.env.PASSWORD_HASH_COST),
        roles: ['admin'],
        customerId: null,
        unit: null,
        phone: null,
        email: null,
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
    checkUnit(req.roles, req.unit);
    if (req.customerId) await this.checkCustomerExists(req.customerId);
    const now = this.clock.now();
    const user: User = {
      id: randomUUID(),
      username: req.username,
      displayName: req.displayName,
      passwordHash: await hashPassword(req.password, this.env.PASSWORD_HASH_COST),
      roles: req.roles,
      customerId: req.customerId ?? null,
      unit: req.unit ?? null,
      phone: req.phone ?? null,
      email: req.email ?? null,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.insert(user);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('USERNAME_TAKEN', `The username ${req.username} is taken`, { fields: [{ field: 'username', reason: 'already taken' }] });
      }
      throw err;
    }
    return userView(user);
  }

  async update(id: string, req: UpdateUserRequest): Promise<UserView> {
    // Checked before the slow part (asking provisioning, hashing), and again on the locked row below.
    const before = await this.load(this.db.manager, id);
    const { customerId } = updated(before, req);
    if (customerId && customerId !== before.customerId) await this.checkCustomerExists(customerId);
    const passwordHash = req.password ? await hashPassword(req.password, this.env.PASSWORD_HASH_COST) : undefined;
    const now = this.clock.now();
    return this.outbox.run(async (m) => {
      // Changes of one user apply one after the other, so each event is the row as its change left it.
      const user = await this.load(m, id, true);
      const fields = updated(user, req);
      const stillAdmin = fields.roles.includes('admin') && fields.active;
      if (user.roles.includes('admin') && user.active && !stillAdmin) {
        // Serialised with other such changes, so two administrators cannot demote each other at once.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gateway.users.admins']);
        const others = await m
          .createQueryBuilder(User, 'u')
          .where(`'admin' = ANY (u.roles) AND u.active AND u.id <> :id`, { id })
          .getCount();
        if (others === 0) throw new AppError('CONFLICT', 'This is the last active administrator: make another one first');
      }
      const changed = { ...fields, passwordHash: passwordHash ?? user.passwordHash, updatedAt: now };
      await m.update(User, { id }, changed);
      // New rights, a new password or a disabled account: every session of the old ones ends.
      if (req.roles || req.customerId !== undefined || req.password || req.active === false) {
        await m.createQueryBuilder().update(RefreshToken).set({ revokedAt: now }).where('user_id = :id AND revoked_at IS NULL', { id }).execute();
      }
      const after = { ...user, ...changed };
      await this.outbox.record(m, GatewayEvents.userChanged, id, userChanged(after));
      return userView(after);
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
    if (q.unit) qb.andWhere('u.unit = :unit', { unit: q.unit });
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

  /** The user, locked for the rest of the transaction with `forUpdate`. */
  async load(m: EntityManager, id: string, forUpdate = false): Promise<User> {
    const user = await m.findOne(User, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!user) throw new AppError('USER_NOT_FOUND', `No user ${id}`);
    return user;
  }

  /** A new user, announced in the same transaction. */
  private insert(user: User): Promise<void> {
    return this.outbox.run(async (m) => {
      await m.insert(User, user);
      await this.outbox.record(m, GatewayEvents.userChanged, user.id, userChanged(user));
    });
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
