import { CIRCUIT_GRADES, CircuitGrade, Kpi, SERVICE_TYPES, ServiceType } from '@app/shared';

/** A static limit of one KPI for circuits of one service type and grade (seed 003: 各业务类型关键指标). */
export interface Threshold {
  serviceType: ServiceType;
  grade: CircuitGrade;
  kpi: Kpi;
  limit: number;
  bad: 'above' | 'below';
}

/** Latency limits (ms) by service type, for grades AAA, AA, A, B: transport circuits are tighter than routed ones. */
const LATENCY_MS: Record<ServiceType, [number, number, number, number]> = {
  sdh: [20, 30, 50, 80],
  mstp: [20, 30, 50, 80],
  ethernet: [20, 30, 50, 80],
  mpls_vpn: [50, 80, 100, 150],
  internet: [50, 80, 100, 150],
  voice: [100, 120, 150, 200],
  idc: [20, 30, 50, 80],
  other: [80, 100, 150, 200],
};
const PACKET_LOSS_PCT = [0.1, 0.5, 1, 2];
const JITTER_MS = [5, 10, 20, 30];
/** Services over fibre whose receive power is watched. */
const OPTICAL: ServiceType[] = ['sdh', 'mstp', 'ethernet'];

/** The thresholds installed with the service; an admin may change them (the `threshold` table). */
export const DEFAULT_THRESHOLDS: Threshold[] = SERVICE_TYPES.flatMap((serviceType) =>
  CIRCUIT_GRADES.flatMap((grade, g): Threshold[] => [
    { serviceType, grade, kpi: 'latencyMs', limit: LATENCY_MS[serviceType][g], bad: 'above' },
    { serviceType, grade, kpi: 'packetLossPct', limit: PACKET_LOSS_PCT[g], bad: 'above' },
    { serviceType, grade, kpi: 'jitterMs', limit: JITTER_MS[g], bad: 'above' },
    { serviceType, grade, kpi: 'utilInPct', limit: 90, bad: 'above' },
    { serviceType, grade, kpi: 'utilOutPct', limit: 90, bad: 'above' },
    { serviceType, grade, kpi: 'severelyErroredSeconds', limit: 10, bad: 'above' },
    ...(OPTICAL.includes(serviceType) ? [{ serviceType, grade, kpi: 'opticalRxDbm' as const, limit: -25, bad: 'below' as const }] : []),
  ]),
);

export function beyond(value: number, limit: number, bad: 'above' | 'below'): boolean {
  return bad === 'above' ? value > limit : value < limit;
}
