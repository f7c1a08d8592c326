import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Caller, Clock, GatewayEnv, offsetPage, Page, PageQuery, pageBounds, ProvisioningRpc } from '@app/shared';
import { GATEWAY_ENV } from '../http/gateway-env';
import { NatsLink } from '../http/nats-link';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from '../identity/passwords';
import { CreatedSystemClientView, CreateSystemClientRequest, SystemClientView } from './system-clients.dto';
import { SystemClient } from './system-client.entity';

const REFUSED = 'Unknown client, wrong secret, or a disabled client';

function view(c: SystemClient): SystemClientView {
  return { id: c.id, clientId: c.clientId, name: c.name, ...(c.customerId ? { customerId: c.customerId } : {}), role: c.role, active: c.active, createdBy: c.createdBy, createdAt: c.createdAt.toISOString() };
}

/** System clients an administrator makes for machine access to the TMF621 routes, and their client_credentials check. */
@Injectable()
export class SystemClientsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly nats: NatsLink,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async create(req: CreateSystemClientRequest, by: Caller): Promise<CreatedSystemClientView> {
    const role = req.role ?? 'tmf_client';
    if (role === 'feed_client' && req.customerId) {
      throw new AppError('VALIDATION_FAILED', "A feed client is the operator's own network management or probe system: it has no customer", {
        fields: [{ field: 'customerId', reason: 'not with role feed_client' }],
      });
    }
    if (req.customerId) await this.checkCustomerExists(req.customerId);
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const client = this.db.manager.create(SystemClient, {
      id: randomUUID(),
      clientId: `${role === 'feed_client' ? 'feed' : 'tmf'}-${randomBytes(9).toString('base64url')}`,
      name: req.name,
      secretHash: await hashPassword(secret, this.env.PASSWORD_HASH_COST),
      customerId: req.customerId ?? null,
      role,
      active: true,
      createdBy: by.username,
      createdAt: now,
      updatedAt: now,
    });
    await this.db.manager.insert(SystemClient, client);
    return { ...view(client), clientSecret: secret };
  }

  async list(q: PageQuery): Promise<Page<SystemClientView>> {
    const { limit, offset } = pageBounds(q);
    const qb = this.db.manager.createQueryBuilder(SystemClient, 'c').orderBy('c.created_at').addOrderBy('c.id');
    const rows = await qb.take(limit + 1).skip(offset).getMany();
    return offsetPage(q, rows, view, () => qb.getCount());
  }

  /** Disabled at once for new tokens; a token already issued lapses within ACCESS_TOKEN_TTL_SECONDS. */
  async disable(id: string): Promise<void> {
    const result = await this.db.manager.update(SystemClient, { id }, { active: false, updatedAt: this.clock.now() });
    if (!result.affected) throw new AppError('NOT_FOUND', `No system client ${id}`);
  }

  /** The caller a client_credentials grant stands for: its role, and its customer for a customer's system. */
  async authenticate(clientId: string, secret: string): Promise<Caller> {
    const client = await this.db.manager.findOneBy(SystemClient, { clientId });
    // The hash is checked whether or not the client exists, so the answer's timing does not tell which.
    const matches = await verifyPassword(secret, client?.secretHash ?? UNUSABLE_HASH);
    if (!client || !client.active || !matches) throw new AppError('INVALID_CREDENTIALS', REFUSED);
    return { sub: client.id, username: client.clientId, roles: [client.role], ...(client.customerId ? { customerId: client.customerId } : {}) };
  }

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
