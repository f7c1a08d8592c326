import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SummaryView, Tier, TIERS } from '@app/shared';

@Injectable()
export class SummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(): Promise<SummaryView> {
    const [{ customers }] = (await this.dataSource.query('SELECT count(*)::int AS customers FROM customer_dim')) as { customers: number }[];
    const byTier = (await this.dataSource.query(
      `SELECT c.tier, count(*)::int AS n FROM fault_fact f LEFT JOIN customer_dim c ON c.id = f.customer_id GROUP BY c.tier`,
    )) as { tier: Tier | null; n: number }[];
    const faultsOpenedByTier = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
    let faultsOpened = 0;
    for (const row of byTier) {
      faultsOpened += row.n;
      if (row.tier) faultsOpenedByTier[row.tier] = row.n;
    }
    return { customers, faultsOpened, faultsOpenedByTier };
  }
}
