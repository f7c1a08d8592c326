import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { KV, Kvm } from '@nats-io/kv';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { AppError, Caller, natsServers, RpcClient, RpcContract } from '@app/shared';
import { GatewayMetrics } from './metrics';
import { requestContext } from './request-context';

/**
 * The gateway's NATS connection. It connects in the background and keeps retrying, so the gateway
 * serves /health and answers 503 while NATS is down instead of failing to start.
 */
@Injectable()
export class NatsLink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsLink.name);
  private nc: NatsConnection | undefined;
  private client: RpcClient | undefined;
  private connecting: Promise<void> | undefined;
  /** False from a disconnect until the reconnect: requests then fail at once with 503 instead of waiting out their timeout. */
  private reachable = false;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly metrics: GatewayMetrics,
    /** Copies of each key-value bucket: JETSTREAM_REPLICAS (3 on a three-node cluster). */
    private readonly replicas = 1,
  ) {}

  onModuleInit(): void {
    // noAsyncTraces: no Error (and its stack) made up front for each request in case it fails; a failure still
    // comes as the same RequestError or TimeoutError, and these are most of the client's own work per request.
    this.connecting = connect({ servers: natsServers(this.url), name: 'gateway', waitOnFirstConnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true })
      .then((nc) => {
        this.nc = nc;
        this.client = new RpcClient(nc, this.timeoutMs);
        this.reachable = true;
        this.logger.log(`Connected to NATS at ${this.url}`);
        void this.followStatus(nc);
      })
      .catch((err: Error) => this.logger.error(`NATS connection failed: ${err.message}`));
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        this.reachable = false;
        this.logger.warn('NATS connection lost; reconnecting');
      } else if (status.type === 'reconnect') {
        this.reachable = true;
        this.logger.log('NATS connection restored');
      }
    }
  }

  /** Resolves once connected (or never, while NATS is unreachable): for start-up waits and tests. */
  ready(): Promise<void> {
    return this.connecting ?? Promise.resolve();
  }

  private buckets = new Map<string, Promise<KV>>();

  /** A JetStream key-value bucket (created on first use), e.g. for idempotency records. */
  bucket(name: string, ttlMs: number): Promise<KV> {
    if (!this.nc || !this.connected) throw new AppError('SERVICE_UNAVAILABLE', 'The gateway is not connected to NATS');
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new Kvm(this.nc).create(name, { ttl: ttlMs, history: 1, replicas: this.replicas });
      bucket.catch(() => this.buckets.delete(name));
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** The connection, once made: for JetStream reads such as the live event stream. */
  connection(): NatsConnection | undefined {
    return this.nc;
  }

  /** Connected now: not before the first connection, not while reconnecting, not once closed. */
  get connected(): boolean {
    return this.reachable && this.nc !== undefined && !this.nc.isClosed() && !this.nc.isDraining();
  }

  /**
   * A request on behalf of the authenticated caller of the HTTP request being served (or of `opts.caller`, for the
   * platform's own checks). Without a caller nothing is sent: services trust the caller header.
   */
  async send<Req, Res>(contract: RpcContract<Req, Res>, data: Req, opts: { timeoutMs?: number; caller?: Caller } = {}): Promise<Res> {
    if (!this.client) throw new AppError('SERVICE_UNAVAILABLE', 'The gateway is not connected to NATS yet');
    if (!this.connected) throw new AppError('SERVICE_UNAVAILABLE', 'The gateway has lost its NATS connection and is reconnecting; retry shortly');
    const context = requestContext.getStore();
    const caller = opts.caller ?? context?.caller;
    if (!caller) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const end = this.metrics.natsDuration.startTimer({ subject: contract.subject });
    try {
      // The key goes with the request's one RPC (every POST route makes exactly one), and only with it.
      const idempotency = context?.idempotency;
      if (context) context.idempotency = undefined;
      const reply = await this.client.send(contract, data, { caller, requestId: context?.requestId, timeoutMs: opts.timeoutMs, idempotency });
      end({ outcome: 'ok' });
      return reply;
    } catch (err) {
      end({ outcome: (err as AppError).code ?? 'error' });
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc?.drain().catch(() => undefined);
  }
}
