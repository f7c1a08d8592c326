import { ApiProperty } from '@nestjs/swagger';
import { EmptyRequest, rpc } from '../contract';
import { TIERS, Tier } from '../provisioning/customer';

export class SummaryView {
  @ApiProperty({ description: 'Customers reporting has learned of' }) customers!: number;
  @ApiProperty({ description: 'Fault tickets opened, ever' }) faultsOpened!: number;
  @ApiProperty({
    description: 'Fault tickets opened, by customer tier',
    type: 'object',
    properties: Object.fromEntries(TIERS.map((t) => [t, { type: 'integer' }])),
  })
  faultsOpenedByTier!: Record<Tier, number>;
}

export const ReportingRpc = {
  summary: rpc<EmptyRequest, SummaryView>('rpc.reporting.summary.get', EmptyRequest),
};
