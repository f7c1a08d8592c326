import { AddressInfo } from 'node:net';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform } from '../support/platform';

/** Reads a Server-Sent Events stream as a portal's EventSource would: the named events, and whether it ended. */
async function subscribe(base: string, token: string) {
  const res = await fetch(`${base}/api/v1/events/stream`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const stream = { events: [] as Array<{ event: string; data: Record<string, unknown> }>, ended: false };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => frame.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        if (field('event')) stream.events.push({ event: field('event')!, data: JSON.parse(field('data')!) });
      }
    }
    stream.ended = true;
  })();
  return stream;
}

/** A live event stream lasts as long as the access token that opened it (the gateway's clock decides). */
describe('the live event stream and its token', () => {
  let platform: TestPlatform;
  let base: string;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['provisioning'], gatewayEnv: { SSE_HEARTBEAT_MS: '100', ACCESS_TOKEN_TTL_SECONDS: '900' } });
    await platform.gateway.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await platform.close();
  });

  it('stays open while the token is valid, and ends with token-expired once it has expired', async () => {
    const user = await platform.user(['noc']);
    const stream = await subscribe(base, user.token);
    // Just before the expiry, with the 5 s tolerance on a token's expiry (a few heartbeats pass): still open.
    platform.gatewayClock.advance(904_000);
    await new Promise((r) => setTimeout(r, 400));
    expect(stream.ended).toBe(false);
    expect(stream.events).toEqual([]);

    platform.gatewayClock.advance(2_000);
    await expectEventually(async () => expect(stream.ended).toBe(true), 3000);
    expect(stream.events).toEqual([{ event: 'token-expired', data: { reason: expect.stringContaining('refresh it and reconnect with Last-Event-ID') } }]);
    // The expired token opens no new stream.
    const again = await fetch(`${base}/api/v1/events/stream`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(again.status).toBe(401);
  });
});
