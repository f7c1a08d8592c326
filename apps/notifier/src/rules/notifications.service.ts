import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@app/shared';
import { DeliveryIntent, DeliveryQueue } from '../deliveries/delivery-queue';
import { DirectoryStore } from '../directory/directory.store';
import { RecipientResolver } from '../directory/recipient-resolver';
import { reaches, render, rulesMeeting } from './notification.rules';
import { eventShape, KnownFacts } from './rule-events';
import { RulesService } from './rules.service';

/**
 * An event through the rules: for each customer it concerns, each enabled rule whose condition holds, each recipient
 * the rule names, on each of its channels — one delivery intent, queued in the event's own transaction.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly rules: RulesService,
    private readonly directory: DirectoryStore,
    private readonly resolver: RecipientResolver,
    private readonly queue: DeliveryQueue,
  ) {}

  async notify(m: EntityManager, envelope: EventEnvelope<object>): Promise<void> {
    const shape = eventShape(envelope.type);
    if (!shape) return;
    const data = envelope.data;
    const rules = await this.rules.enabled(m, rulesMeeting(envelope.type, data));
    if (rules.length === 0) return;
    // One statement after the other: `m` is the consumer's transaction, one connection (pg refuses overlapping queries).
    const ticket = await this.directory.ticket(m, shape.ticketId?.(data));
    const order = await this.directory.order(m, shape.orderId?.(data));
    const people = shape.people?.(data) ?? {};
    const customers = shape.customers(data);
    const intents = new Map<string, DeliveryIntent>();
    for (const customerId of customers.length ? customers : [undefined]) {
      const customer = await this.directory.customer(m, customerId);
      const known: KnownFacts = {
        ...(customer ? { customer: { name: customer.name, code: customer.code } } : {}),
        ...(ticket ? { ticket } : {}),
        ...(order ? { order } : {}),
      };
      const vars = shape.vars(data, known);
      const subject = shape.subject(data, known);
      for (const rule of rules) {
        const narrowing = rule.narrow?.(data);
        const title = render(rule.titleTemplate, vars);
        const body = render(rule.bodyTemplate, vars);
        for (const spec of rule.recipients.filter((s) => reaches(narrowing, s.kind))) {
          const addressed = await this.resolver.resolve(m, spec, {
            ...(customerId ? { customerId } : {}),
            customer,
            order,
            ...(ticket?.reporterName && ticket.reporterContact ? { reporter: { name: ticket.reporterName, contact: ticket.reporterContact } } : {}),
            ...people,
            ...(narrowing ? { escalationLevels: narrowing.escalationLevels } : {}),
          });
          for (const a of addressed) {
            const key = `${a.recipientKey} ${a.channel}`;
            if (intents.has(key)) continue;
            intents.set(key, {
              eventId: envelope.id,
              eventType: envelope.type,
              rule: rule.key,
              ...subject,
              ...(customerId ? { customerId } : {}),
              audience: rule.audience,
              ...a,
              title,
              body,
              urgent: rule.urgent,
            });
          }
        }
      }
    }
    await this.queue.enqueue(m, [...intents.values()]);
  }
}
