import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AppError,
  Clock,
  CloseIncidentRequest,
  FaultSettings,
  groupedBy,
  IncidentView,
  LinkTicketsRequest,
  ListIncidentsQuery,
  nextBusinessNumber,
  OpenIncidentRequest,
  Page,
  paginate,
  RestoreIncidentRequest,
  ServiceSettings,
  statedTime,
  UnitOfWork,
} from '@app/shared';

import { ClosingActions } from '../tickets/closing.actions';
import { EscalationService } from '../tickets/escalation.service';
import { TicketActionRunner } from '../tickets/ticket-action.runner';
import { Ticket } from '../tickets/ticket.entities';
import { isOpen } from '../tickets/ticket.rules';
import { NetworkIncident } from './incident.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

/**
 * Major network faults (class 1). Linking a ticket escalates it; restoring or closing the incident restores or
 * closes each linked ticket with the incident's cause, each ticket keeping its own clocks and feedback duties.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly runner: TicketActionRunner,
    private readonly closing: ClosingActions,
    private readonly escalations: EscalationService,
    private readonly settings: ServiceSettings<FaultSettings>,
  ) {}

  private async lock(m: EntityManager, id: string): Promise<NetworkIncident> {
    const incident = await m.findOne(NetworkIncident, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!incident) throw new AppError('INCIDENT_NOT_FOUND', `No network incident ${id}`);
    return incident;
  }

  private async view(m: EntityManager, i: NetworkIncident): Promise<IncidentView> {
    return (await this.views(m, [i]))[0];
  }

  /** The views of a page of incidents, their tickets read in one statement. */
  private async views(m: EntityManager, incidents: NetworkIncident[]): Promise<IncidentView[]> {
    if (incidents.length === 0) return [];
    const linked = await m.find(Ticket, {
      where: { incidentId: In(incidents.map((i) => i.id)) },
      order: { openedAt: 'ASC', id: 'ASC' },
      select: { id: true, customerId: true, incidentId: true },
    });
    const ticketsOf = groupedBy(linked, (t) => t.incidentId!);
    return incidents.map((i) => incidentView(i, ticketsOf.get(i.id) ?? []));
  }

  open(req: OpenIncidentRequest, by: string): Promise<IncidentView> {
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      const incident = m.create(NetworkIncident, {
        id: randomUUID(),
        number: await nextBusinessNumber(m, 'ticket_number_seq', 'N', now),
        title: req.title,
        kind: req.kind,
        description: req.description ?? null,
        status: 'open',
        openedBy: by,
        openedAt: now,
        restoredAt: null,
        closedAt: null,
        causeCategory: null,
        causeSegment: null,
        causeDescription: null,
      });
      await m.insert(NetworkIncident, incident);
      return this.view(m, incident);
    });
  }

  link(req: LinkTicketsRequest, by: string): Promise<IncidentView> {
    return this.uow.run(async (m) => {
      const incident = await this.lock(m, req.id);
      if (incident.status === 'closed') throw new AppError('INVALID_TRANSITION', `Incident ${incident.number} is closed`, { action: 'link' });
      const tickets = await m.find(Ticket, { where: { id: In(req.ticketIds) }, lock: { mode: 'pessimistic_write' }, order: { id: 'ASC' } });
      const missing = req.ticketIds.filter((id) => !tickets.some((t) => t.id === id));
      if (missing.length > 0) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${missing.join(', ')}`, { ticketIds: missing });
      for (const ticket of tickets) {
        if (ticket.incidentId === incident.id) continue;
        if (!isOpen(ticket.status)) throw new AppError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}`, { action: 'link', ticketId: ticket.id });
        ticket.incidentId = incident.id;
        await this.escalations.escalate(m, ticket, {
          level: 'department',
          trigger: 'auto:network-incident',
          reason: `Part of major network incident ${incident.number}: ${incident.title}`,
          by,
        });
      }
      return this.view(m, incident);
    });
  }

  /** Service is back for every linked ticket at the stated time: each ticket's resolution clock stops then. */
  restore(req: RestoreIncidentRequest, by: string): Promise<IncidentView> {
    return this.uow.run(async (m) => {
      const incident = await this.lock(m, req.id);
      if (incident.status !== 'open') throw new AppError('INVALID_TRANSITION', `Incident ${incident.number} is ${incident.status}`, { action: 'restore' });
      const { maxBackdateMinutes } = (await this.settings.get(m)).values;
      incident.status = 'restored';
      incident.restoredAt = statedTime('occurredAt', req.occurredAt, { now: this.clock.now(), maxBackdateMinutes });
      await m.save(incident);
      const tickets = await m.find(Ticket, { where: { incidentId: incident.id }, lock: { mode: 'pessimistic_write' }, order: { id: 'ASC' } });
      for (const ticket of tickets) {
        if (['open', 'dispatched', 'suspended'].includes(ticket.status)) {
          await this.closing.restoreIn(await this.runner.context(m, ticket, by), incident.restoredAt.toISOString(), { incident: incident.number });
        }
      }
      return this.view(m, incident);
    });
  }

  close(req: CloseIncidentRequest, by: string): Promise<IncidentView> {
    return this.uow.run(async (m) => {
      const incident = await this.lock(m, req.id);
      if (incident.status !== 'restored') {
        throw new AppError('INVALID_TRANSITION', `Incident ${incident.number} is ${incident.status}: restore it first`, { action: 'close' });
      }
      const now = this.clock.now();
      incident.status = 'closed';
      incident.closedAt = now;
      incident.causeCategory = req.causeCategory;
      incident.causeSegment = req.causeSegment;
      incident.causeDescription = req.causeDescription;
      await m.save(incident);
      const tickets = await m.find(Ticket, { where: { incidentId: incident.id, status: 'restored' }, lock: { mode: 'pessimistic_write' }, order: { id: 'ASC' } });
      for (const ticket of tickets) {
        await this.closing.closeIn(
          await this.runner.context(m, ticket, by),
          {
            causeCategory: req.causeCategory,
            causeSegment: req.causeSegment,
            causeDescription: req.causeDescription,
            ...(req.customerFacingCause ? { customerFacingCause: req.customerFacingCause } : {}),
            customerConfirmedBy: `network incident ${incident.number}`,
          },
          { incident: incident.number },
        );
      }
      return this.view(m, incident);
    });
  }

  async get(id: string): Promise<IncidentView> {
    const m = this.dataSource.manager;
    const incident = await m.findOneBy(NetworkIncident, { id });
    if (!incident) throw new AppError('INCIDENT_NOT_FOUND', `No network incident ${id}`);
    return this.view(m, incident);
  }

  async list(q: ListIncidentsQuery): Promise<Page<IncidentView>> {
    const m = this.dataSource.manager;
    const qb = m.getRepository(NetworkIncident).createQueryBuilder('i');
    if (q.status) qb.andWhere('i.status = :status', { status: q.status });
    const page = await paginate(qb, q, 'openedAt', (i) => i, ['number', 'status', 'restoredAt', 'closedAt']);
    return { ...page, items: await this.views(m, page.items) };
  }
}

function incidentView(i: NetworkIncident, tickets: Pick<Ticket, 'id' | 'customerId'>[]): IncidentView {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    kind: i.kind,
    ...(i.description ? { description: i.description } : {}),
    status: i.status,
    openedAt: i.openedAt.toISOString(),
    restoredAt: iso(i.restoredAt),
    closedAt: iso(i.closedAt),
    ...(i.causeCategory ? { causeCategory: i.causeCategory } : {}),
    ...(i.causeDescription ? { causeDescription: i.causeDescription } : {}),
    ticketIds: tickets.map((t) => t.id),
    customers: new Set(tickets.map((t) => t.customerId)).size,
  };
}
