import { IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ServiceEnv } from '@app/shared';

/** The body posted to the SMS gateway when SMS_GATEWAY_BODY_TEMPLATE is not set. */
export const DEFAULT_SMS_BODY_TEMPLATE = '{"to":"{{to}}","content":"{{content}}","ref":"{{ref}}"}';

/**
 * The notifier's own variables. Without SMS_GATEWAY_URL (or SMTP_URL) the SMS (or e-mail) is kept in the local outbox
 * instead of being sent: a developer machine needs neither.
 */
export class NotifierEnv extends ServiceEnv {
  /** The operator's SMS gateway: messages are POSTed here as JSON (SMS_GATEWAY_BODY_TEMPLATE). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SMS_GATEWAY_URL?: string;

  /** Basic authentication at the SMS gateway (with SMS_GATEWAY_PASSWORD)… */
  @IsOptional()
  @IsString()
  SMS_GATEWAY_USER?: string;

  @ValidateIf((env: NotifierEnv) => env.SMS_GATEWAY_USER !== undefined)
  @IsString()
  SMS_GATEWAY_PASSWORD?: string;

  /** …or a bearer token. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  SMS_GATEWAY_TOKEN?: string;

  /**
   * The JSON body of one SMS, with the placeholders {{to}} (the number), {{content}} (the signed text) and {{ref}} (the
   * delivery id: the gateway deduplicates a message sent again after a crash by it), each inside a JSON string.
   */
  @IsString()
  @Matches(/^(?=[\s\S]*\{\{to\}\})(?=[\s\S]*\{\{content\}\})/, { message: 'must contain {{to}} and {{content}}' })
  SMS_GATEWAY_BODY_TEMPLATE: string = DEFAULT_SMS_BODY_TEMPLATE;

  /** Where the gateway's answer holds the id it gave the message: a field name, or a dotted path (`data.msgId`). */
  @Matches(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, { message: 'must be a field name or a dotted path' })
  SMS_GATEWAY_ID_FIELD: string = 'id';

  /** The signature every SMS starts with, as registered with the operator. */
  @IsString()
  @Length(0, 30)
  SMS_SIGNATURE: string = '【政企客户服务】';

  /** smtp://user:password@host:port (or smtps://); `mailpit:1025` in docker-compose. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  @Length(3, 200)
  MAIL_FROM: string = '政企客户服务 <noreply@notifier.local>';

  /** How often the dispatcher looks for deliveries that are due. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  NOTIFIER_POLL_MS: number = 1000;

  /** Deliveries leased and sent per poll. */
  @IsInt()
  @Min(1)
  @Max(500)
  NOTIFIER_BATCH: number = 20;

  /** One SMS or e-mail not accepted within this long is a failed (retryable) attempt. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  SEND_TIMEOUT_MS: number = 10_000;
}

/** The notifier's variables from a plain ServiceEnv (tests and tools that start every service alike): every default. */
export function notifierEnv(env: ServiceEnv): NotifierEnv {
  return env instanceof NotifierEnv ? env : Object.assign(new NotifierEnv(), env);
}
