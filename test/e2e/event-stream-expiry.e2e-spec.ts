import { AddressInfo } from 'node:net';
import { subscribe } from '../support/event-stream';
import { expectEventually } from '../support/eventually';
import { startPlatform, TestPlatform } from '../support/platform';

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
    // Just before the expiry, with the 5 s tolerance on a token's expiry: two heartbeats check it, the stream stays open.
    platform.gatewayClock.advance(904_000);
    const seen = stream.keepAlives;
    await expectEventually(async () => expect(stream.keepAlives).toBeGreaterThanOrEqual(seen + 2), 3000);
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
