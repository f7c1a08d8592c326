import { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { NatsContext, NatsOptions, ServerNats } from '@nestjs/microservices';
import { ErrorBody } from '../errors/error-codes';

type NatsServerOptions = Required<NatsOptions>['options'] & { queue: string };

/** The last packet Nest publishes for a request carries `isDisposed`: the request is answered. */
interface ReplyPacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/** The NATS client refuses to publish more than the server's max_payload (1 MB by default). */
function isPayloadTooLarge(err: unknown): boolean {
  return err instanceof Error && /max_payload/.test(err.message);
}

/**
 * The error a caller gets instead of an answer larger than one reply carries (a 422 naming it, not a timeout): ask
 * for less (a shorter range, fewer KPIs, a smaller page).
 */
export function answerTooLarge(packet: ReplyPacket, maxBytes: number | undefined): ErrorBody {
  const bytes = Buffer.byteLength(JSON.stringify(packet.response ?? null));
  return {
    code: 'ANSWER_TOO_LARGE',
    message: `The answer would be about ${bytes} bytes, more than the ${maxBytes ?? 'maximum'} one reply carries: ask for less (a shorter range, fewer items)`,
    details: { bytes, ...(maxBytes ? { maxBytes } : {}) },
  };
}

/**
 * Nest's NATS server, stopped the way one replica of several must stop. Nest's own close() drops the connection at
 * once: a request routed to this replica and not yet answered is lost, and the caller gets a 504 although another
 * replica was free. Here close() first drains the queue subscriptions (the NATS server then routes every new request
 * to the other replicas, and what it had already routed here is still delivered), waits until every request taken
 * has been answered (at most `drainMs`), flushes the replies, and only then closes the connection.
 */
export class DrainingNatsServer extends ServerNats {
  private readonly rpcSubscriptions: Subscription[] = [];
  private readonly unanswered = new Set<Promise<void>>();
  private readonly answer = new WeakMap<Msg, () => void>();
  private draining: Promise<void> | undefined;

  constructor(
    private readonly natsOptions: NatsServerOptions,
    private readonly drainMs: number,
  ) {
    super(natsOptions);
  }

  /** As Nest's, keeping the subscriptions to drain them. */
  override bindEvents(client: NatsConnection): void {
    for (const [subject, handler] of this.getHandlers()) {
      const queue = (handler.extras?.queue as string | undefined) ?? this.natsOptions.queue;
      const callback = this.getMessageHandler(subject).bind(this) as (err: Error | null, msg: Msg) => void;
      this.rpcSubscriptions.push(client.subscribe(subject, { queue, callback }));
    }
  }

  private readonly routes = new Map<string, string>();

  /**
   * As Nest's, remembered per subject: Nest tries JSON.parse on every request's subject first, and a plain subject
   * makes it throw (and build a SyntaxError with its stack) on every request. The subjects are the handlers' own few.
   */
  protected override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      if (this.routes.size < 10_000) this.routes.set(pattern, route);
    }
    return route;
  }

  override async handleMessage(channel: string, msg: Msg): Promise<unknown> {
    if (!msg.reply) return super.handleMessage(channel, msg);
    let answered!: () => void;
    const pending = new Promise<void>((resolve) => (answered = resolve));
    this.unanswered.add(pending);
    void pending.then(() => this.unanswered.delete(pending));
    this.answer.set(msg, answered);
    try {
      return await super.handleMessage(channel, msg);
    } catch (err) {
      answered();
      throw err;
    }
  }

  override getPublisher(msg: Msg, id: string, ctx: NatsContext): (packet: ReplyPacket) => unknown {
    const publish = super.getPublisher(msg, id, ctx);
    const answered = this.answer.get(msg);
    return (packet) => {
      try {
        return publish(packet);
      } catch (err) {
        if (!isPayloadTooLarge(err) || packet.err !== undefined) throw err;
        const maxBytes = this.unwrap<NatsConnection>().info?.max_payload;
        return publish({ err: answerTooLarge(packet, maxBytes), isDisposed: packet.isDisposed });
      } finally {
        if (packet.isDisposed) answered?.();
      }
    };
  }

  override async close(): Promise<void> {
    this.draining ??= this.drain();
    await this.draining;
    await super.close();
  }

  /** Every step is bounded by `drainMs` in all: with NATS unreachable a flush would wait for its return. */
  private async drain(): Promise<void> {
    if (this.rpcSubscriptions.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<'time up'>((resolve) => (timer = setTimeout(() => resolve('time up'), this.drainMs)));
    const within = (work: Promise<unknown>) => Promise.race([work.then(() => 'done' as const), timeUp]);
    try {
      await within(Promise.allSettled(this.rpcSubscriptions.map((sub) => sub.drain())));
      if (this.unanswered.size > 0) this.logger.log(`No longer subscribed; answering the ${this.unanswered.size} request(s) taken`);
      if ((await within(Promise.allSettled([...this.unanswered]))) === 'time up') {
        this.logger.warn(`${this.unanswered.size} request(s) still unanswered after ${this.drainMs} ms; closing anyway`);
      }
      await within(this.unwrap<NatsConnection>().flush().catch(() => undefined));
    } finally {
      clearTimeout(timer);
    }
  }
}
