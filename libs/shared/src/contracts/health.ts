import { EmptyRequest, rpc } from './contract';

/** Something an admin must act on that does not make the service unhealthy. */
export interface HealthWarning {
  code: 'CALENDAR_NEXT_YEAR_MISSING';
  message: string;
  /** The year whose working-day schedule is not loaded. */
  year: number;
}

export interface ServiceHealth {
  service: string;
  status: 'up' | 'down';
  database: 'up' | 'down';
  checkedAt: string;
  version: string;
  warnings: HealthWarning[];
}

export const SERVICE_NAMES = ['fault', 'provisioning', 'visits', 'reporting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Who owns a Postgres schema of its own: the four services and the gateway (users, sessions, audit log). */
export const SCHEMA_OWNERS = [...SERVICE_NAMES, 'gateway'] as const;
export type SchemaOwner = (typeof SCHEMA_OWNERS)[number];

export function healthRpc(service: ServiceName) {
  return rpc<EmptyRequest, ServiceHealth>(`rpc.${service}.health`, EmptyRequest);
}
