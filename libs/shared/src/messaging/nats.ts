import { connect, NatsConnection } from '@nats-io/transport-node';

/**
 * The servers of a NATS_URL: one URL, or the URLs of a cluster's nodes separated by commas. The client starts from
 * any of them, learns the rest of the cluster from the server, and moves to another node when one goes away.
 */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
}

/**
 * One connection per process part; reconnects forever so a NATS restart is survived. noAsyncTraces: no Error (with
 * its stack) made up front for every request in case it fails; a failure still comes as the same error.
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: natsServers(url), name, maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true });
}
