import { ConfigError, loadConfig } from './load-config';
import { GatewayEnv, ServiceEnv } from './service-config';

describe('loadConfig', () => {
  it('converts types and fills defaults', () => {
    const env = loadConfig(ServiceEnv, { DATABASE_URL: 'postgres://u@h/db', OUTBOX_POLL_MS: '250' });
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://u@h/db', OUTBOX_POLL_MS: 250, NATS_URL: 'nats://127.0.0.1:4222', NODE_ENV: 'development' });
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(ServiceEnv, { DATABASE_URL: 'mysql://x', NATS_URL: 'http://x', OUTBOX_POLL_MS: '5', LOG_LEVEL: 'chatty' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(new Set(names)).toEqual(new Set(['DATABASE_URL', 'NATS_URL', 'OUTBOX_POLL_MS', 'LOG_LEVEL']));
    expect((error as ConfigError).message).toContain('DATABASE_URL: must be a postgres:// URL');
  });

  it('takes the nodes of a NATS cluster as comma-separated URLs, each a nats:// URL', () => {
    const cluster = 'nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222';
    expect(loadConfig(ServiceEnv, { DATABASE_URL: 'postgres://u@h/db', NATS_URL: cluster }).NATS_URL).toBe(cluster);
    expect(() => loadConfig(ServiceEnv, { DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://nats-1:4222,http://nats-2:4222' })).toThrow(/NATS_URL/);
    expect(() => loadConfig(ServiceEnv, { DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://nats-1:4222,' })).toThrow(/NATS_URL/);
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig(ServiceEnv, {})).toThrow(/DATABASE_URL/);
  });

  it('never repeats a secret in its error', () => {
    expect(() => loadConfig(GatewayEnv, { DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET: .*got a hidden value/);
    expect(() => loadConfig(GatewayEnv, { DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(GatewayEnv, { DATABASE_URL: 'postgres://u@h/db', PORT: '' }).PORT).toBe(3000);
  });
});
