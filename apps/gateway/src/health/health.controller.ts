import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { GatewayEnv, healthRpc, HealthWarning, pingDatabase, SERVICE_NAMES, ServiceName, SYSTEM_CALLER } from '@app/shared';
import { GATEWAY_ENV } from '../http/gateway-env';
import { NatsLink } from '../http/nats-link';
import { Public } from '../identity/access';

interface ComponentHealth {
  status: 'up' | 'down';
  database?: 'up' | 'down';
  error?: string;
  /** What an admin must act on (e.g. next year's calendar not loaded); never makes the platform unhealthy. */
  warnings?: HealthWarning[];
}

export interface PlatformHealth {
  status: 'up' | 'down';
  checkedAt: string;
  nats: ComponentHealth;
  /** The gateway's own schema: users, sessions and the audit log (no sign-in without it). */
  gateway: ComponentHealth;
  services: Record<ServiceName, ComponentHealth>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly nats: NatsLink,
    private readonly db: DataSource,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: "Readiness: NATS, the gateway's database and every service (each checks its own database); 503 when anything is down. Each service lists its warnings (e.g. CALENDAR_NEXT_YEAR_MISSING), which do not make it unhealthy",
  })
  @ApiOkResponse({ description: 'Everything is up' })
  @ApiServiceUnavailableResponse({ description: 'Something is down; the body says what' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<PlatformHealth> {
    const services = Object.fromEntries(
      await Promise.all(SERVICE_NAMES.map(async (name) => [name, await this.check(name)] as const)),
    ) as Record<ServiceName, ComponentHealth>;
    const nats: ComponentHealth = { status: this.nats.connected ? 'up' : 'down' };
    const gateway = await this.checkDatabase();
    const up = nats.status === 'up' && gateway.status === 'up' && Object.values(services).every((s) => s.status === 'up');
    void reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', checkedAt: new Date().toISOString(), nats, gateway, services };
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the gateway process answers (restart it if not); /health is readiness' })
  @ApiOkResponse({ description: '{ status: "up" }' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  private async checkDatabase(): Promise<ComponentHealth> {
    try {
      await pingDatabase(this.db, this.env.HEALTH_TIMEOUT_MS);
      return { status: 'up', database: 'up' };
    } catch (err) {
      return { status: 'down', database: 'down', error: (err as Error).message };
    }
  }

  private async check(name: ServiceName): Promise<ComponentHealth> {
    try {
      const h = await this.nats.send(healthRpc(name), {}, { timeoutMs: this.env.HEALTH_TIMEOUT_MS, caller: SYSTEM_CALLER });
      return { status: h.status, database: h.database, warnings: h.warnings };
    } catch (err) {
      return { status: 'down', error: (err as Error).message };
    }
  }
}
