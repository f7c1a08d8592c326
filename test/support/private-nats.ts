import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectNats } from '@app/shared';
import { expectEventually } from './eventually';

/** A NATS server of this test's own, so it can be killed and started again on the same port and store. */
export class PrivateNats {
  private child: ChildProcess | undefined;
  readonly port = 4600 + Math.floor(Math.random() * 300);
  readonly storeDir = mkdtempSync(join(tmpdir(), 'nats-restart-'));
  readonly url = `nats://127.0.0.1:${this.port}`;

  async start(): Promise<void> {
    this.child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    await expectEventually(async () => {
      const nc = await connectNats(this.url, 'probe').catch(() => undefined);
      expect(nc).toBeDefined();
      await nc?.close();
    }, 10_000);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
  }

  cleanup(): void {
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
