import { rpc } from '../contract';
import { Page } from '../paging';
import { IngestReply, IngestSamplesRequest } from './samples';
import { CircuitTrendRequest, CustomerWorstCircuitsRequest, TrendView, WorstCircuitsView } from './trends';
import { ListWarningsQuery, WarningView } from './warnings';

export const QualityRpc = {
  ingest: rpc<IngestSamplesRequest, IngestReply>('rpc.quality.samples.ingest', IngestSamplesRequest),
  trend: rpc<CircuitTrendRequest, TrendView>('rpc.quality.trends.circuit', CircuitTrendRequest),
  worstCircuits: rpc<CustomerWorstCircuitsRequest, WorstCircuitsView>('rpc.quality.trends.worst', CustomerWorstCircuitsRequest),
  listWarnings: rpc<ListWarningsQuery, Page<WarningView>>('rpc.quality.warnings.list', ListWarningsQuery),
};
