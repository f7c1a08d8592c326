import { hostname } from 'node:os';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;
/** One server's URL, or a cluster's, comma-separated: `nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222`. */
const NATS_URL = /^(nats|tls|ws|wss):\/\/[^,\s]+(\s*,\s*(nats|tls|ws|wss):\/\/[^,\s]+)*$/;

/** Variables every process reads. Names are the environment variable names. */
class CommonEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(NATS_URL, { message: 'must be a nats:// URL, or several separated by commas' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /**
   * Copies JetStream keeps of the EVENTS stream and the gateway's key-value buckets: 1 on a single server, 3 on a
   * three-node cluster (one node may then fail with nothing lost). More than the cluster has nodes fails at start.
   */
  @IsInt()
  @Min(1)
  @Max(5)
  JETSTREAM_REPLICAS: number = 1;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** `json`: one JSON object per line (for log collectors); `pretty`: coloured text for a terminal. */
  @IsIn(['pretty', 'json'])
  LOG_FORMAT: 'pretty' | 'json' = 'pretty';
}

/** Variables of a process that owns a schema: the business services and the gateway. */
class DatabaseEnv extends CommonEnv {
  /** The process's own login (svc_<service>, svc_gateway), or in development an admin login from which it is derived. */
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The role's password when DATABASE_URL is an admin login. */
  @IsOptional()
  @IsString()
  SERVICE_DB_PASSWORD?: string;

  /** Every statement of a serving process is cancelled after this long (the request then answers 503). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  STATEMENT_TIMEOUT_MS: number = 15_000;

  /**
   * A connection to Postgres not had within this long (a black-holed host, or every pooled connection busy) fails
   * the request with 503 instead of hanging. Above the gateway's RPC timeout, so load alone is not shed here.
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  DB_CONNECT_TIMEOUT_MS: number = 10_000;

  /** How often the outbox relay looks for events to publish (besides being woken by each change that wrote one). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  OUTBOX_POLL_MS: number = 500;
}

/** Variables of the business services (fault, provisioning, visits, reporting, notifier, quality). */
export class ServiceEnv extends DatabaseEnv {
  /** This replica's name, for its own health subject: the host name by default (under Docker, the container's id). */
  @IsString()
  @Length(1, 100)
  INSTANCE_ID: string = hostname();

  /**
   * On SIGTERM a replica stops taking requests (the others get them) and waits this long at most for the ones it
   * took to be answered before it closes its connections. Above the gateway's RPC timeout: a request still running
   * then has been answered 504 anyway.
   */
  @IsInt()
  @Min(0)
  @Max(120_000)
  RPC_DRAIN_MS: number = 10_000;

  @IsInt()
  @Min(1)
  @Max(100)
  EVENT_MAX_ATTEMPTS: number = 8;

  /** Working periods of a working day in Beijing time, e.g. "09:00-17:00" or "09:00-12:00,13:00-17:00". */
  @Matches(/^\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*$/, { message: 'must be HH:MM-HH:MM periods separated by commas' })
  WORKING_HOURS: string = '09:00-17:00';

  /**
   * A working-day computation in a year with no loaded schedule: assume plain weekdays and mark the deadline provisional
   * (recomputed when the year is loaded; DOMAIN.md), or fail naming the year.
   */
  @IsIn(['error', 'weekdays'])
  CALENDAR_UNKNOWN_YEAR: 'error' | 'weekdays' = 'weekdays';

  @IsInt()
  @Min(50)
  @Max(60_000)
  DEADLINE_POLL_MS: number = 1000;

  @IsInt()
  @Min(1)
  @Max(10_000)
  DEADLINE_BATCH: number = 500;

  /**
   * The TMF621 hub (notifier): the hosts a subscriber's callback may name, comma-separated (`host` or `host:port`);
   * empty refuses every subscription. The platform sends requests to no other address.
   */
  @IsString()
  TMF_HUB_CALLBACK_HOSTS: string = '';

  /** Attempts to deliver one hub event (back-off 1 s, 2 s, 4 s … up to 5 min between them) before it is given up as dead. */
  @IsInt()
  @Min(1)
  @Max(100)
  TMF_HUB_MAX_ATTEMPTS: number = 12;

  /** How often the hub looks for events due for delivery. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  TMF_HUB_POLL_MS: number = 500;

  /** A subscriber slower than this to answer counts as a failed attempt. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  TMF_HUB_TIMEOUT_MS: number = 10_000;
}

/** The gateway's schema holds users, refresh tokens and the audit log. */
export class GatewayEnv extends DatabaseEnv {
  /** Signs the gateway's access tokens (HS256): at least 32 characters; required in production. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @IsInt()
  @Min(30)
  @Max(24 * 3600)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(300)
  @Max(90 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS: number = 7 * 24 * 3600;

  /** The administrator created at first start when no user has this name. */
  @IsString()
  @Length(1, 60)
  ADMIN_USERNAME: string = 'admin';

  /** Its password; required in production (outside it, "admin-dev-password"). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  ADMIN_PASSWORD?: string;

  /** scrypt cost as log2 N: 15 (32 MiB, about 100 ms) by default; tests lower it. */
  @IsInt()
  @Min(10)
  @Max(20)
  PASSWORD_HASH_COST: number = 15;

  /** Single sign-on: the OpenID Connect provider's JWKS URL; its tokens are accepted beside the gateway's own. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OIDC_JWKS_URL?: string;

  /** The `iss` the provider's tokens must carry (required with OIDC_JWKS_URL). */
  @ValidateIf((env: GatewayEnv) => env.OIDC_JWKS_URL !== undefined)
  @IsString()
  OIDC_ISSUER?: string;

  /** The `aud` they must carry, if the provider sets one for this platform. */
  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  /** The claim holding the platform roles (an array, or a space-separated string). */
  @IsString()
  OIDC_ROLES_CLAIM: string = 'roles';

  /** The claim holding a customer user's customer id. */
  @IsString()
  OIDC_CUSTOMER_CLAIM: string = 'customer_id';

  /** The claim holding a handling unit's user's unit (处理单位), as dispatch legs name it. */
  @IsString()
  OIDC_UNIT_CLAIM: string = 'unit';

  /** A bearer token for Prometheus to scrape /metrics with (an admin's token works too). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsInt()
  @Min(100)
  @Max(120_000)
  RPC_TIMEOUT_MS: number = 5000;

  /**
   * A comment line on every live event stream this often, so proxies keep it open; at each one a stream whose access
   * token has expired is ended (besides the timer set for the expiry itself).
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  SSE_HEARTBEAT_MS: number = 15_000;

  @IsInt()
  @Min(50)
  @Max(30_000)
  HEALTH_TIMEOUT_MS: number = 1500;

  /** Origins allowed to call the API from a browser, comma-separated; empty allows none. */
  @IsString()
  CORS_ORIGINS: string = '';

  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** Requests per minute from one user (or, before sign-in, one address) before 429; health and metrics are exempt. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** How long an Idempotency-Key is remembered. */
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  IDEMPOTENCY_TTL_SECONDS: number = 24 * 3600;
}
