import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RecipientSpec, Role } from '@app/shared';
import { Addressed, addressOutside, addressReporter, addressUser, matchUser, unresolved } from './directory.rules';
import { DirectoryCustomer, DirectoryOrder } from './directory.entities';
import { DirectoryStore } from './directory.store';

/** What one event, for one customer it concerns, gives the resolution of its recipients. */
export interface RecipientContext {
  customerId?: string;
  customer: DirectoryCustomer | null;
  order: DirectoryOrder | null;
  /** The units of a dispatch. */
  units?: string[];
  /** The contact a feedback goes to. */
  feedbackContact?: { name: string; phone: string };
  /** Who reported the ticket's fault, and the contact they gave. */
  reporter?: { name: string; contact: string };
  /** The escalation list's rungs the event reaches (an escalation names its levels); all when absent. */
  escalationLevels?: (level: number) => boolean;
}

/** Whom the customer record or the order names by each kind, with the role the name should have. */
interface Named {
  label: string;
  role?: Role;
  of: 'customer' | 'order';
  name: (c: DirectoryCustomer | null, o: DirectoryOrder | null) => string | null | undefined;
}

const NAMED: Partial<Record<RecipientSpec['kind'], Named>> = {
  customer_manager: { label: '客户经理', role: 'customer_manager', of: 'customer', name: (c) => c?.customerManager },
  customer_engineer: { label: '客户工程师', role: 'customer_engineer', of: 'customer', name: (c) => c?.customerEngineer },
  order_customer_manager: { label: '客户经理', role: 'customer_manager', of: 'order', name: (_, o) => o?.customerManager },
  order_business_manager: { label: '商务经理', of: 'order', name: (_, o) => o?.businessManager },
  order_network_support_manager: { label: '网络支撑经理', of: 'order', name: (_, o) => o?.networkSupportManager },
  order_project_manager: { label: '项目经理', role: 'project_manager', of: 'order', name: (_, o) => o?.projectManager },
};

/** Turns a rule's recipient kinds into people on channels, from the directory. */
@Injectable()
export class RecipientResolver {
  constructor(private readonly directory: DirectoryStore) {}

  async resolve(m: EntityManager, spec: RecipientSpec, ctx: RecipientContext): Promise<Addressed[]> {
    const named = NAMED[spec.kind];
    if (named) return this.named(m, spec, ctx, named);
    switch (spec.kind) {
      case 'customer_contacts':
        return (ctx.customer?.contacts ?? []).flatMap((p) => addressOutside(p, spec.channels));
      case 'escalation_list': {
        const reached = ctx.escalationLevels ?? (() => true);
        return (ctx.customer?.escalationList ?? []).filter((p) => reached(p.level ?? 1)).flatMap((p) => addressOutside(p, spec.channels));
      }
      case 'customer_users':
        return ctx.customerId ? (await this.directory.customerUsers(m, ctx.customerId)).flatMap((u) => addressUser(u, spec.channels)) : [];
      case 'role':
        return spec.role ? (await this.directory.withRole(m, spec.role)).flatMap((u) => addressUser(u, spec.channels)) : [];
      case 'unit':
        return (await this.directory.withRole(m, spec.role ?? 'handling_unit', ctx.units ?? [])).flatMap((u) => addressUser(u, spec.channels));
      case 'feedback_contact':
        return ctx.feedbackContact ? addressOutside({ ...ctx.feedbackContact, role: '客户联系人' }, spec.channels) : [];
      case 'reporter':
        return ctx.reporter ? addressReporter(ctx.reporter, spec.channels) : [];
      default:
        // The kinds a customer record or an order names, resolved above.
        return [];
    }
  }

  /** The user a record names; a record the notifier does not know, a name it leaves empty or no such user: a problem. */
  private async named(m: EntityManager, spec: RecipientSpec, ctx: RecipientContext, how: Named): Promise<Addressed[]> {
    if (how.of === 'order' && !ctx.order) return [];
    if (how.of === 'customer' && !ctx.customer) return ctx.customerId ? unresolved(how.label, null, spec.channels, `客户${ctx.customerId}不在通知目录`) : [];
    const name = how.name(ctx.customer, ctx.order);
    const where = how.of === 'customer' ? `客户${ctx.customer!.name}` : `定单${ctx.order!.number}`;
    if (!name) return unresolved(how.label, null, spec.channels, where);
    const user = matchUser(await this.directory.named(m, name), name, how.role);
    return user ? addressUser(user, spec.channels) : unresolved(how.label, name, spec.channels, where);
  }
}
