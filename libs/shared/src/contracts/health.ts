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

export function healthRpc(service: ServiceName) {
  return rpc<EmptyRequest, ServiceHealth>(`rpc.${service}.health`, EmptyRequest);
}
