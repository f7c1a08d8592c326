import { rpc } from '../contract';
import { Page, PageQuery } from '../paging';
import { DialTestIdRequest, DialTestResultBody, DialTestResultReply, DialTestView, ListDialTestsQuery, RequestDialTestRequest, TicketDialTestsQuery } from './dial-tests';
import { IngestReply, IngestSamplesRequest } from './samples';
import { CircuitTrendRequest, CustomerWorstCircuitsRequest, TrendView, WorstCircuitsView } from './trends';
import { QualityStatisticsQuery, QualityStatisticsView } from './statistics';
import { PutThresholdsBody, RemoveThresholdRequest, ThresholdsHistoryEntry, ThresholdsQuery, ThresholdsView } from './thresholds';
import { ListWarningsQuery, WarningView } from './warnings';

export const QualityRpc = {
  ingest: rpc<IngestSamplesRequest, IngestReply>('rpc.quality.samples.ingest', IngestSamplesRequest),
  trend: rpc<CircuitTrendRequest, TrendView>('rpc.quality.trends.circuit', CircuitTrendRequest),
  worstCircuits: rpc<CustomerWorstCircuitsRequest, WorstCircuitsView>('rpc.quality.trends.worst', CustomerWorstCircuitsRequest),
  listWarnings: rpc<ListWarningsQuery, Page<WarningView>>('rpc.quality.warnings.list', ListWarningsQuery),
  requestDialTest: rpc<RequestDialTestRequest, DialTestView>('rpc.quality.dial-tests.request', RequestDialTestRequest),
  recordDialTestResult: rpc<DialTestResultBody, DialTestResultReply>('rpc.quality.dial-tests.result', DialTestResultBody),
  getDialTest: rpc<DialTestIdRequest, DialTestView>('rpc.quality.dial-tests.get', DialTestIdRequest),
  listDialTests: rpc<ListDialTestsQuery, Page<DialTestView>>('rpc.quality.dial-tests.list', ListDialTestsQuery),
  ticketDialTests: rpc<TicketDialTestsQuery, Page<DialTestView>>('rpc.quality.dial-tests.of-ticket', TicketDialTestsQuery),
  getThresholds: rpc<ThresholdsQuery, ThresholdsView>('rpc.quality.thresholds.get', ThresholdsQuery),
  putThresholds: rpc<PutThresholdsBody, ThresholdsView>('rpc.quality.thresholds.put', PutThresholdsBody),
  removeThreshold: rpc<RemoveThresholdRequest, ThresholdsView>('rpc.quality.thresholds.remove', RemoveThresholdRequest),
  thresholdsHistory: rpc<PageQuery, Page<ThresholdsHistoryEntry>>('rpc.quality.thresholds.history', PageQuery),
  statistics: rpc<QualityStatisticsQuery, QualityStatisticsView>('rpc.quality.statistics', QualityStatisticsQuery),
};
