import { Kpi, KPIS } from '@app/shared';

/** The column of each KPI in the raw samples and the roll-ups. */
export const KPI_COLUMN: Record<Kpi, string> = {
  utilInPct: 'util_in_pct',
  utilOutPct: 'util_out_pct',
  packetLossPct: 'packet_loss_pct',
  latencyMs: 'latency_ms',
  jitterMs: 'jitter_ms',
  erroredSeconds: 'errored_seconds',
  severelyErroredSeconds: 'severely_errored_seconds',
  opticalRxDbm: 'optical_rx_dbm',
};

export const KPI_COLUMNS = KPIS.map((k) => KPI_COLUMN[k]);

/** The roll-up columns of a KPI: samples, sum, minimum, maximum. */
export function rollupColumns(kpi: Kpi): { n: string; sum: string; min: string; max: string } {
  const c = KPI_COLUMN[kpi];
  return { n: `${c}_n`, sum: `${c}_sum`, min: `${c}_min`, max: `${c}_max` };
}
