import { randomUUID } from 'node:crypto';
import { PlatformClient } from './client';
import { sleep } from './processes';

export interface Customer {
  id: string;
  code: string;
  name: string;
}

/** One POST with its Idempotency-Key, as the client last saw it. */
export interface Keyed {
  key: string;
  path: string;
  body: Record<string, unknown>;
  /** 'acked' after a 2xx, 'refused' after a definite 4xx, 'unknown' when the client gave up. */
  outcome: 'acked' | 'refused' | 'unknown';
  status?: number;
  ticketId?: string;
  circuitCode?: string;
}

/** Every POST the load sent, by key. */
export class Ledger {
  readonly opens = new Map<string, Keyed>();
  readonly feedbacks = new Map<string, Keyed>();

  all(): Keyed[] {
    return [...this.opens.values(), ...this.feedbacks.values()];
  }
}

const GIVE_UP_MS = 90_000;

export function faultBody(customer: Customer, circuitCode: string): Record<string, unknown> {
  return {
    customerCode: customer.code,
    customerName: customer.name,
    serviceType: 'mstp',
    circuitCode,
    direction: '广州—北京总行',
    faultAt: new Date(Date.now() - 60_000).toISOString(),
    symptom: '视频会议中断，光端机LOS告警',
    reporterName: '张工',
    reporterContact: '13800000000',
    channel: 'hotline',
  };
}

function feedbackBody(n: number): Record<string, unknown> {
  return { content: `第${n}次反馈：正在处理`, customerContact: '张工 13800000000', channel: 'phone' };
}

/** Sends one keyed POST through the client and records what came back. */
export async function sendKeyed(client: PlatformClient, entry: Keyed, giveUpMs = GIVE_UP_MS): Promise<void> {
  const answer = await client.send('POST', entry.path, entry.body, entry.key, giveUpMs);
  if (!answer) {
    entry.outcome = 'unknown';
    return;
  }
  entry.status = answer.status;
  if (answer.status >= 200 && answer.status < 300) {
    entry.outcome = 'acked';
    if (entry.path === '/api/v1/faults') entry.ticketId = answer.body.id as string;
  } else {
    entry.outcome = 'refused';
    console.log(`  refused ${entry.path} ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
}

/**
 * Several clients, each opening faults on circuits of its own (each with its own Idempotency-Key) and giving
 * feedback on the tickets it opened, until stopped.
 */
export class Load {
  private stopped = false;
  private running: Promise<void>[] = [];

  constructor(
    private readonly client: () => PlatformClient,
    private readonly customer: Customer,
    private readonly circuits: string[],
    readonly ledger: Ledger,
  ) {}

  start(clients: number, pauseMs: number): void {
    this.running = Array.from({ length: clients }, (_, i) => this.run(i, pauseMs));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  private async run(n: number, pauseMs: number): Promise<void> {
    const client = this.client();
    const mine: string[] = [];
    let feedbacks = 0;
    while (!this.stopped) {
      const circuitCode = this.circuits.pop();
      if (circuitCode) {
        const open: Keyed = { key: `open-${n}-${randomUUID()}`, path: '/api/v1/faults', body: faultBody(this.customer, circuitCode), outcome: 'unknown', circuitCode };
        this.ledger.opens.set(open.key, open);
        await sendKeyed(client, open);
        if (open.ticketId) mine.push(open.ticketId);
      }
      const ticketId = mine[Math.floor(Math.random() * mine.length)];
      if (ticketId && !this.stopped) {
        const feedback: Keyed = {
          key: `feedback-${n}-${randomUUID()}`,
          path: `/api/v1/faults/${ticketId}/feedback`,
          body: feedbackBody(++feedbacks),
          outcome: 'unknown',
          ticketId,
        };
        this.ledger.feedbacks.set(feedback.key, feedback);
        await sendKeyed(client, feedback);
      }
      await sleep(pauseMs);
    }
  }
}
