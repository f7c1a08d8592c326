import { connect, NatsConnection } from '@nats-io/transport-node';

/** One connection per process part; reconnects forever so a NATS restart is survived. */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}
