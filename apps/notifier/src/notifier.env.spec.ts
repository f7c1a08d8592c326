import { ConfigError, loadConfig, ServiceEnv } from '@app/shared';
import { SmsGatewayChannel } from './channels/sms.channel';
import { DEFAULT_SMS_BODY_TEMPLATE, NotifierEnv, notifierEnv } from './notifier.env';

const base = { DATABASE_URL: 'postgres://svc_notifier:pw@localhost:5432/gem' };

describe("the notifier's variables", () => {
  it('default to the local outbox (no SMS gateway, no mail server), a 1 s poll and a 10 s send timeout', () => {
    const env = loadConfig(NotifierEnv, base);
    expect(env).toMatchObject({ SMS_GATEWAY_BODY_TEMPLATE: DEFAULT_SMS_BODY_TEMPLATE, SMS_GATEWAY_ID_FIELD: 'id', NOTIFIER_POLL_MS: 1000, NOTIFIER_BATCH: 20, SEND_TIMEOUT_MS: 10_000 });
    expect(env.SMS_GATEWAY_URL).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
  });

  it('a plain ServiceEnv (tests, tools) gets every notifier default', () => {
    const env = notifierEnv(loadConfig(ServiceEnv, base));
    expect(env).toBeInstanceOf(NotifierEnv);
    expect(env).toMatchObject({ DATABASE_URL: base.DATABASE_URL, NOTIFIER_POLL_MS: 1000 });
  });

  it('refuses a body template without {{to}} or {{content}}, a non-SMTP URL and a bad id path, naming each', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(NotifierEnv, { ...base, SMS_GATEWAY_BODY_TEMPLATE: '{"msg":"x"}', SMTP_URL: 'http://mail', SMS_GATEWAY_ID_FIELD: 'a..b' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.join('\n')).toMatch(/SMS_GATEWAY_BODY_TEMPLATE: must contain \{\{to\}\} and \{\{content\}\}/);
    expect(error?.problems.join('\n')).toMatch(/SMTP_URL/);
    expect(error?.problems.join('\n')).toMatch(/SMS_GATEWAY_ID_FIELD/);
  });

  it('refuses at start a body template that is not JSON once filled', () => {
    const env = loadConfig(NotifierEnv, { ...base, SMS_GATEWAY_URL: 'http://sms.local/send', SMS_GATEWAY_BODY_TEMPLATE: '{"to":{{to}},"content":"{{content}}"}' });
    expect(() => new SmsGatewayChannel(env)).toThrow(/SMS_GATEWAY_BODY_TEMPLATE must be JSON/);
  });
});
