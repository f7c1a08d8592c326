import { EmptyRequest, rpc } from './contract';

export interface ServiceHealth {
  service: string;
  status: 'up' | 'down';
  database: 'up' | 'down';
  checkedAt: string;
  version: string;
}

export const SERVICE_NAMES = ['fault', 'provisioning', 'visits', 'reporting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Who owns a Postgres schema of its own: the four services and the gateway (users, sessions, audit log). */
export const SCHEMA_OWNERS = [...SERVICE_NAMES, 'gateway'] as const;
export type SchemaOwner = (typeof SCHEMA_OWNERS)[number];

export function healthRpc(service: ServiceName) {
  return rpc<EmptyRequest, ServiceHealth>(`rpc.${service}.health`, EmptyRequest);
}
