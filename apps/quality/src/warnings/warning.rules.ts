import { EvidenceSample } from '@app/shared';
import { beyond } from './thresholds';

/**
 * The run of one circuit, KPI and rule: without an active warning, the consecutive samples beyond the limit so far;
 * with one, the consecutive samples back within it.
 */
export interface Watch {
  warningId: string | null;
  samples: EvidenceSample[];
}

export type WatchStep = { watch: Watch; raise?: EvidenceSample[]; clear?: EvidenceSample[] };

/**
 * 波动预警: `consecutive` samples in a row beyond the limit raise a warning, with those samples as its evidence; under
 * a warning, as many in a row within the limit clear it. A sample on the other side breaks the run.
 */
export function watchStep(watch: Watch, sample: EvidenceSample, limit: number, bad: 'above' | 'below', consecutive: number, newWarningId: () => string): WatchStep {
  const isBad = beyond(sample.value, limit, bad);
  const counts = watch.warningId === null ? isBad : !isBad;
  if (!counts) return { watch: { warningId: watch.warningId, samples: [] } };
  const samples = [...watch.samples, sample];
  if (samples.length < consecutive) return { watch: { warningId: watch.warningId, samples } };
  if (watch.warningId === null) return { watch: { warningId: newWarningId(), samples: [] }, raise: samples };
  return { watch: { warningId: null, samples: [] }, clear: samples };
}

/** The 95th percentile of the circuit's own latency times the factor, once the baseline has enough samples. */
export function baselineLimit(p95: number | null, samples: number, s: { baselineFactor: number; baselineMinSamples: number }): number | null {
  if (p95 === null || samples < s.baselineMinSamples) return null;
  return p95 * s.baselineFactor;
}
