import { jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectEventually } from '../../../../test/support/eventually';
import { connectNats } from '../messaging/nats';
import { ensureEventsStream, EVENTS_STREAM } from './jetstream';

/** A port the system has just handed out as free (a node that cannot bind its port leaves the cluster a peer short). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Three nats-servers routed to each other, as docker-compose's `cluster` profile runs them. */
class Cluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'nats-cluster-'));
  readonly names = ['nats-1', 'nats-2', 'nats-3'];
  private readonly nodes = new Map<string, ChildProcess>();
  private ports: number[] = [];

  async allocate(): Promise<void> {
    for (let i = 0; i < this.names.length * 2; i++) this.ports.push(await freePort());
  }

  clientPort(i: number): number {
    return this.ports[i];
  }

  private routePort(i: number): number {
    return this.ports[this.names.length + i];
  }

  /** NATS_URL naming every node, comma-separated. */
  get url(): string {
    return this.names.map((_, i) => `nats://127.0.0.1:${this.clientPort(i)}`).join(',');
  }

  start(): void {
    this.names.forEach((name, i) => {
      const routes = this.names.map((_, j) => `nats://127.0.0.1:${this.routePort(j)}`).filter((_, j) => j !== i);
      const args = ['--name', name, '--cluster_name', 'gem-test', '--cluster', `nats://127.0.0.1:${this.routePort(i)}`, '--routes', routes.join(',')];
      args.push('-a', '127.0.0.1', '-p', String(this.clientPort(i)), '-js', '-sd', join(this.dir, name));
      this.nodes.set(name, spawn('nats-server', args, { stdio: 'ignore' }));
    });
  }

  async kill(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node || node.exitCode !== null || node.signalCode !== null) return;
    await new Promise<void>((done) => {
      node.once('exit', () => done());
      node.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    for (const name of this.names) await this.kill(name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('the events stream on a three-node NATS cluster', () => {
  const cluster = new Cluster();
  let nc: NatsConnection;

  beforeAll(async () => {
    await cluster.allocate();
    cluster.start();
    // NATS_URL as docker-compose's cluster profile sets it: every node, comma-separated.
    await expectEventually(async () => {
      nc = await connectNats(cluster.url, 'cluster-test');
    }, 20_000);
  });

  afterAll(async () => {
    await nc?.close();
    await cluster.stop();
  });

  it('keeps JETSTREAM_REPLICAS copies, and goes on taking events when the node leading the stream is lost', async () => {
    // JetStream answers once the cluster has elected its leader.
    let jsm!: JetStreamManager;
    await expectEventually(async () => {
      jsm = await jetstreamManager(nc, { timeout: 2000 });
      await ensureEventsStream(jsm, 3);
    }, 60_000, 500);
    const info = await jsm.streams.info(EVENTS_STREAM);
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);

    const js = jetstream(nc);
    await js.publish('evt.test.cluster.checked.v1', JSON.stringify({ n: 1 }), { msgID: 'cluster-1' });
    await cluster.kill(info.cluster!.leader!);
    await expectEventually(() => js.publish('evt.test.cluster.checked.v1', JSON.stringify({ n: 2 }), { msgID: 'cluster-2' }).then(() => undefined), 30_000, 500);
    await expectEventually(async () => expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(2), 10_000);
  }, 150_000);
});
