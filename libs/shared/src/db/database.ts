import { Client } from 'pg';
import { DataSource, MixedList, QueryFailedError } from 'typeorm';
import { SchemaOwner } from '../contracts/health';
import { EVENT_ENTITIES } from '../events/event-tables';
import { IdempotencyRecord } from '../service/idempotency';

/** The login role of a service; it owns the service's schema and nothing else. */
export function serviceRole(service: SchemaOwner): string {
  return `svc_${service}`;
}

/** Development default, refused in production (the config check demands SERVICE_DB_PASSWORD there). */
export function devRolePassword(service: SchemaOwner): string {
  return `${serviceRole(service)}_dev`;
}

/** The service's own connection URL: the shared DATABASE_URL with the service's role and password. */
export function serviceDatabaseUrl(adminUrl: string, service: SchemaOwner, password?: string): string {
  const url = new URL(adminUrl);
  url.username = serviceRole(service);
  url.password = password ?? devRolePassword(service);
  return url.toString();
}

export interface ServiceDataSourceOptions {
  url: string;
  schema: SchemaOwner;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  poolSize?: number;
  /** The outbox and inbox tables of a process that publishes or consumes events (false: none). */
  events?: boolean;
  /** Serving processes bound every statement (migrations are not bounded): a runaway query is cancelled, not waited for. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection from a Postgres that is down or saturated before the request fails (503). */
  connectTimeoutMs?: number;
}

export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: [...(opts.events === false ? [] : [...EVENT_ENTITIES, IdempotencyRecord]), ...(opts.entities as Function[])],
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as errors to the caller; unexpected ones are logged by the RPC error filter.
    logging: false,
    poolSize: opts.poolSize ?? 10,
    extra: {
      // Raw SQL in migrations and queries resolves to the service's own schema.
      options: `-c search_path=${opts.schema}${opts.statementTimeoutMs ? ` -c statement_timeout=${opts.statementTimeoutMs}` : ''}`,
      ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
    },
  });
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Creates (or updates) the service's role and its schema, owned by that role. Run with an admin login
 * before the service's migrations. The role gets no rights on any other service's schema.
 */
export async function provisionServiceSchema(adminUrl: string, service: SchemaOwner, password: string): Promise<void> {
  const role = quoteIdent(serviceRole(service));
  const schema = quoteIdent(service);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [serviceRole(service)]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD ${quoteLiteral(password)}`).catch(async (err: Error) => {
        // A concurrent provisioning created it first.
        if (!/already exists/.test(err.message)) throw err;
      });
    }
    await client.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${quoteLiteral(password)}`);
    await client.query(`GRANT CONNECT ON DATABASE "${db.replace(/"/g, '""')}" TO ${role}`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role}`);
    await client.query(`ALTER SCHEMA ${schema} OWNER TO ${role}`);
    await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
  } finally {
    await client.end();
  }
}

/** `SELECT 1` within `timeoutMs`: what health checks ask of a database. Rejects when it is down or too slow. */
export async function pingDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      dataSource.query('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('database check timed out')), timeoutMs).unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A write refused by a unique constraint (Postgres 23505): the caller turns it into a 409 that names the field. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';
}
