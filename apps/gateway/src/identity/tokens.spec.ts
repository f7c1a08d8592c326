import { GatewayEnv, ManualClock } from '@app/shared';
import { TokenService } from './tokens';

const env = { JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters', ACCESS_TOKEN_TTL_SECONDS: 900, NODE_ENV: 'test' } as GatewayEnv;
const caller = { sub: '00000000-0000-4000-8000-000000000001', username: 'noc-1', roles: ['noc' as const] };

describe('access tokens', () => {
  it('still refuses a remembered token once it expires, at the second jose would', async () => {
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    const tokens = new TokenService(env, clock);
    const { token } = await tokens.issue(caller);
    expect(await tokens.verify(token)).toEqual(caller);
    clock.advance(900_000 + 4_000);
    expect(await tokens.verify(token)).toEqual(caller);
    clock.advance(1_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('expired') });
  });

  it('remembers nothing of a token it refused, nor of one signed with another secret', async () => {
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    const tokens = new TokenService(env, clock);
    const forger = new TokenService({ ...env, JWT_SECRET: 'another-secret-of-thirty-two-characters!' }, clock);
    const forged = (await forger.issue(caller)).token;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
