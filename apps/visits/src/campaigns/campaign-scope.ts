import { EntityManager } from 'typeorm';
import { CampaignScopeDto, groupedBy } from '@app/shared';
import { KnownCircuit, KnownCustomer } from '../inventory/inventory.entities';
import { MAX_SCOPE_CUSTOMERS } from './campaign.rules';

export interface ScopedCustomer {
  customer: KnownCustomer;
  /** The customer's live circuits of the scope's service types and grades; empty when the scope names none. */
  circuits: KnownCircuit[];
}

const byCircuit = (scope: CampaignScopeDto) => Boolean(scope.serviceTypes?.length || scope.grades?.length);

/**
 * The customers (and circuits) a campaign's scope selects from the inventory copy: filters combine with AND, a list
 * matches any of its values. At most one more than the campaign limit is read, so an oversized scope is refused
 * without reading it all.
 */
export async function resolveScope(m: EntityManager, scope: CampaignScopeDto): Promise<ScopedCustomer[]> {
  const circuitFilter = (alias: string) => {
    const parts = [`${alias}.state = 'live'`];
    if (scope.serviceTypes?.length) parts.push(`${alias}.service_type = ANY(:serviceTypes)`);
    if (scope.grades?.length) parts.push(`${alias}.grade = ANY(:grades)`);
    return parts.join(' AND ');
  };
  const params = { tiers: scope.tiers, industries: scope.industries, regions: scope.regions, customerIds: scope.customerIds, serviceTypes: scope.serviceTypes, grades: scope.grades };
  const qb = m.getRepository(KnownCustomer).createQueryBuilder('c');
  if (scope.tiers?.length) qb.andWhere('c.tier = ANY(:tiers)');
  if (scope.industries?.length) qb.andWhere('c.industry = ANY(:industries)');
  if (scope.regions?.length) qb.andWhere('c.region = ANY(:regions)');
  if (scope.customerIds?.length) qb.andWhere('c.id = ANY(:customerIds)');
  if (byCircuit(scope)) qb.andWhere(`EXISTS (SELECT 1 FROM known_circuit k WHERE k.customer_id = c.id AND ${circuitFilter('k')})`);
  const customers = await qb.setParameters(params).orderBy('c.code').take(MAX_SCOPE_CUSTOMERS + 1).getMany();
  if (!byCircuit(scope) || customers.length === 0 || customers.length > MAX_SCOPE_CUSTOMERS) return customers.map((customer) => ({ customer, circuits: [] }));
  const circuits = await m
    .getRepository(KnownCircuit)
    .createQueryBuilder('k')
    .where('k.customer_id = ANY(:ids)', { ids: customers.map((c) => c.id) })
    .andWhere(circuitFilter('k'))
    .setParameters(params)
    .orderBy('k.code')
    .getMany();
  const circuitsOf = groupedBy(circuits, (k) => k.customerId);
  return customers.map((customer) => ({ customer, circuits: circuitsOf.get(customer.id) ?? [] }));
}
