import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GatewayMetrics } from './metrics';
import { MetricsAccess } from '../identity/access';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get()
  @MetricsAccess()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: request rate, latency histograms, NATS request latency, errors by code' })
  @ApiOkResponse({ description: 'Prometheus text format' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
