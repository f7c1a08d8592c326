import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Caller,
  CampaignEvents,
  CampaignItemKind,
  CampaignReasonRequest,
  CampaignView,
  Clock,
  CreateCampaignRequest,
  groupedBy,
  ListCampaignsQuery,
  nextBusinessNumber,
  OutboxWriter,
  Page,
  paginate,
  UnitOfWork,
} from '@app/shared';
import { InspectionsService } from '../inspections/inspections.service';
import { KnownCustomer } from '../inventory/inventory.entities';
import { VisitsService } from '../visits/visits.service';
import { Campaign, CampaignItem } from './campaign.entities';
import { assertGenerates, assertOpen, isComplete, ItemStatus, progress } from './campaign.rules';
import { resolveScope } from './campaign-scope';

const ITEMS_SHOWN = 500;

/** Special service campaigns: a scope resolved from the inventory copy generates visits and inspections, followed to completion. */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly visits: VisitsService,
    private readonly inspections: InspectionsService,
  ) {}

  create(req: CreateCampaignRequest, caller: Caller): Promise<CampaignView> {
    return this.uow.run(async (m) => {
      const scoped = await resolveScope(m, req.scope);
      assertGenerates(req, scoped.length);
      const now = this.clock.now();
      const campaign = m.create(Campaign, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'campaign_number_seq', 'S', now),
        kind: req.kind,
        title: req.title,
        trigger: req.trigger ?? null,
        owner: req.owner,
        scope: req.scope,
        status: 'open',
        customerIds: scoped.map((s) => s.customer.id),
        circuitCount: scoped.reduce((n, s) => n + s.circuits.length, 0),
        cancelReason: null,
        createdBy: caller.username,
        createdAt: now,
        completedAt: null,
      });
      await m.insert(Campaign, campaign);
      const items: CampaignItem[] = [];
      for (const { customer, circuits } of scoped) {
        const owner = customer.customerEngineer ?? campaign.owner;
        const circuitCodes = circuits.map((k) => k.code);
        const item = (kind: CampaignItemKind, refId: string) => items.push(m.create(CampaignItem, { id: randomUUID(), campaignId: campaign.id, kind, refId, customerId: customer.id, circuitCodes, owner, status: 'open' }));
        if (req.visits) {
          const visit = await this.visits.planIn(m, { customerId: customer.id, kind: req.visits.kind, owner, plannedDate: req.visits.plannedDate, purpose: `${campaign.number} ${campaign.title}`, campaignId: campaign.id }, caller.username);
          item('visit', visit.id);
        }
        if (req.inspections) {
          const inspection = await this.inspections.plan(
            m,
            { customerId: customer.id, circuitIds: circuits.map((k) => k.id), checklistId: req.inspections.checklistId, origin: 'campaign', campaignId: campaign.id, originRef: campaign.number, owner, plannedDate: req.inspections.plannedDate },
            caller.username,
          );
          item('inspection', inspection.id);
        }
      }
      await m.insert(CampaignItem, items);
      await this.changed(m, campaign, 'create', now);
      return this.view(m, campaign);
    });
  }

  /** A generated visit or inspection was done or cancelled: the campaign's progress moves, and it completes with its last piece. */
  async workChanged(m: EntityManager, refId: string, status: ItemStatus, at: Date): Promise<void> {
    const item = await m.findOneBy(CampaignItem, { refId });
    if (!item || item.status === status) return;
    const campaign = await m.findOne(Campaign, { where: { id: item.campaignId }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) return;
    item.status = status;
    await m.save(item);
    const items = await m.find(CampaignItem, { where: { campaignId: campaign.id }, select: { id: true, status: true } });
    if (isComplete(campaign.status, items)) {
      campaign.status = 'completed';
      campaign.completedAt = at;
      await m.save(campaign);
      await this.changed(m, campaign, 'complete', at);
    }
  }

  cancel(req: CampaignReasonRequest, _caller: Caller): Promise<CampaignView> {
    return this.uow.run(async (m) => {
      const campaign = await m.findOne(Campaign, { where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND', `No campaign ${req.id}`);
      assertOpen(campaign.status);
      const now = this.clock.now();
      campaign.status = 'cancelled';
      campaign.cancelReason = req.reason;
      await m.save(campaign);
      await this.changed(m, campaign, 'cancel', now);
      return this.view(m, campaign);
    });
  }

  private async changed(m: EntityManager, c: Campaign, action: string, at: Date): Promise<void> {
    await this.outbox.record(m, CampaignEvents.changed, c.id, { campaignId: c.id, number: c.number, kind: c.kind, status: c.status, action, at: at.toISOString(), customerIds: c.customerIds });
  }

  async get(id: string): Promise<CampaignView> {
    const m = this.dataSource.manager;
    const campaign = await m.findOneBy(Campaign, { id });
    if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND', `No campaign ${id}`);
    return this.view(m, campaign);
  }

  async list(q: ListCampaignsQuery): Promise<Page<CampaignView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(Campaign).createQueryBuilder('c');
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.owner) qb.andWhere('c.owner = :owner', { owner: q.owner });
    if (q.customerId) qb.andWhere(':customerId = ANY(c.customer_ids)', { customerId: q.customerId });
    if (q.from) qb.andWhere('c.created_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('c.created_at < :to', { to: q.to });
    const page = await paginate(qb, q, 'createdAt', (c) => c, ['number', 'createdAt', 'status']);
    return { ...page, items: await this.views(m, page.items) };
  }

  private async view(m: EntityManager, c: Campaign): Promise<CampaignView> {
    return (await this.views(m, [c]))[0];
  }

  /** A page of campaigns: their progress counted in the database, the first items of each with their customers' names. */
  private async views(m: EntityManager, campaigns: Campaign[]): Promise<CampaignView[]> {
    if (campaigns.length === 0) return [];
    const ids = campaigns.map((c) => c.id);
    const counts = (await m.query(
      'SELECT campaign_id, kind, status, count(*)::int AS n FROM campaign_item WHERE campaign_id = ANY($1) GROUP BY campaign_id, kind, status',
      [ids],
    )) as Array<{ campaign_id: string; kind: CampaignItemKind; status: ItemStatus; n: number }>;
    const shown = await m.query(
      `SELECT i.* FROM unnest($1::uuid[]) AS c(id), LATERAL (SELECT * FROM campaign_item WHERE campaign_id = c.id ORDER BY customer_id, kind LIMIT ${ITEMS_SHOWN}) i`,
      [ids],
    ) as Array<{ campaign_id: string; kind: CampaignItemKind; ref_id: string; customer_id: string; circuit_codes: string[]; owner: string; status: ItemStatus }>;
    const names = new Map((await m.find(KnownCustomer, { where: { id: In([...new Set(shown.map((i) => i.customer_id))]) }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
    const countsOf = groupedBy(counts, (r) => r.campaign_id);
    const itemsOf = groupedBy(shown, (r) => r.campaign_id);
    return campaigns.map((c) => {
      const { total, done, cancelled, percent, byKind } = progress(countsOf.get(c.id) ?? []);
      return {
        id: c.id,
        number: c.number,
        kind: c.kind,
        title: c.title,
        ...(c.trigger ? { trigger: c.trigger } : {}),
        owner: c.owner,
        scope: c.scope,
        status: c.status,
        customers: c.customerIds.length,
        circuits: c.circuitCount,
        progress: { total, done, cancelled, percent, byKind },
        items: (itemsOf.get(c.id) ?? []).map((i) => ({ kind: i.kind, refId: i.ref_id, customerId: i.customer_id, customerName: names.get(i.customer_id) ?? '', circuitCodes: i.circuit_codes, owner: i.owner, status: i.status })),
        ...(c.cancelReason ? { cancelReason: c.cancelReason } : {}),
        createdBy: c.createdBy,
        createdAt: c.createdAt.toISOString(),
        ...(c.completedAt ? { completedAt: c.completedAt.toISOString() } : {}),
      };
    });
  }
}
