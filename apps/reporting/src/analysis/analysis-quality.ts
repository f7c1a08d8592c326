import { NatsConnection } from '@nats-io/transport-node';
import { Inject, Injectable } from '@nestjs/common';
import { AnalysisQualityView, AppError, Caller, NATS_CONNECTION, QualityRpc, QualityStatisticsRow, ReportingSettings, RpcClient, ServiceSettings } from '@app/shared';

/** Lowest availability first; circuits without severely errored second counts last, then by code. */
function worstFirst(a: QualityStatisticsRow, b: QualityStatisticsRow): number {
  return (a.availabilityPct ?? 101) - (b.availabilityPct ?? 101) || (a.label ?? a.key).localeCompare(b.label ?? b.key);
}

/**
 * The availability and KPI section of the analysis report, asked of quality monitoring over NATS request/reply when
 * the report is built. Reporting does not keep a copy: the figures come from quality's own hourly roll-ups (100,000
 * circuits × 24 hours a day would be copied for a report read a few times a month), over any period the report asks
 * for, computed by the same code as the statistics route. Asked as the report's caller, so quality confines a
 * customer's user too. When quality does not answer in time the report is still made, the section saying why.
 */
@Injectable()
export class AnalysisQuality {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly settings: ServiceSettings<ReportingSettings>,
  ) {}

  async section(customerId: string, start: Date, end: Date, caller: Caller): Promise<AnalysisQualityView> {
    const s = (await this.settings.get()).values;
    const rpc = new RpcClient(this.nc, s.analysisQualityTimeoutMs);
    const period = { from: start.toISOString(), to: end.toISOString(), customerId };
    try {
      const [summary, circuits] = await Promise.all([
        rpc.send(QualityRpc.statistics, { ...period, groupBy: 'customer' }, { caller }),
        rpc.send(QualityRpc.statistics, { ...period, groupBy: 'circuit', limit: s.analysisQualityCircuits }, { caller }),
      ]);
      return {
        available: true,
        ...(summary.items[0] ? { summary: summary.items[0] } : {}),
        circuits: [...circuits.items].sort(worstFirst),
        circuitsTruncated: circuits.hasMore,
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { available: false, reason: `Quality monitoring: ${err.message}`, circuits: [], circuitsTruncated: false };
    }
  }
}
