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

export const SERVICE_NAMES = ['fault', 'provisioning', 'visits', 'reporting', 'notifier', 'quality'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Who owns a Postgres schema of its own: the services and the gateway (users, sessions, audit log). */
export const SCHEMA_OWNERS = [...SERVICE_NAMES, 'gateway'] as const;
export type SchemaOwner = (typeof SCHEMA_OWNERS)[number];

export function healthRpc(service: ServiceName) {
  return rpc<EmptyRequest, ServiceHealth>(`rpc.${service}.health`, EmptyRequest);
}

/**
 * The health of one replica of a service, by its INSTANCE_ID (the subject above reaches whichever replica the queue
 * group picks). A container's health check asks this one, so a replica still starting or draining is not reported
 * healthy because its sibling answered.
 */
export function replicaHealthRpc(service: ServiceName, instance: string) {
  return rpc<EmptyRequest, ServiceHealth>(`rpc.${service}.health.${instance.replace(/[^A-Za-z0-9_-]/g, '_')}`, EmptyRequest);
}
