import { Caller, EventEnvelope } from '@app/shared';
import { visibleTo } from './event-stream';

const customer: Caller = { sub: 'u1', username: 'portal', roles: ['customer_user'], customerId: 'c1' };
const noc: Caller = { sub: 'u2', username: 'noc', roles: ['noc'] };

function envelope(type: string, data: Record<string, unknown>): EventEnvelope<Record<string, unknown>> {
  return { id: 'e1', type, source: 'fault', occurredAt: '2026-11-02T03:10:00.000Z', subjectId: 't1', data };
}

const closed = envelope('evt.fault.ticket.changed.v1', {
  ticketId: 't1',
  number: 'F1',
  customerId: 'c1',
  status: 'closed',
  action: 'close',
  at: '2026-11-02T03:10:00.000Z',
  causeCategory: 'operator_configuration',
  causeSegment: 'backbone',
  customerFacingCause: '传输设备故障',
  customerView: { status: 'closed', action: 'close', at: '2026-11-02T03:10:00.000Z', causeDescription: '传输设备故障' },
});

describe('the event stream, as each caller may see it', () => {
  it("sends a customer only the fault service's projection of its own ticket events", () => {
    expect(visibleTo(customer, closed)).toEqual({
      event: 'ticket.changed',
      data: { ticketId: 't1', number: 'F1', customerId: 'c1', status: 'closed', action: 'close', at: '2026-11-02T03:10:00.000Z', causeDescription: '传输设备故障' },
    });
    expect(visibleTo({ ...customer, customerId: 'c2' }, closed)).toBeUndefined();
  });

  it('sends a customer nothing of an internal action, which has no projection', () => {
    const escalate = envelope('evt.fault.ticket.changed.v1', { ticketId: 't1', number: 'F1', customerId: 'c1', status: 'dispatched', action: 'escalate', at: '2026-11-02T03:00:00.000Z' });
    expect(visibleTo(customer, escalate)).toBeUndefined();
    expect(visibleTo(customer, envelope('evt.fault.ticket.escalated.v1', { customerId: 'c1', level: 'supervisor' }))).toBeUndefined();
    expect(visibleTo(customer, envelope('evt.fault.ticket.major-reported.v1', { customerId: 'c1', recipients: ['province', 'group'] }))).toBeUndefined();
  });

  it('sends staff the whole event, the true cause included', () => {
    expect(visibleTo(noc, closed)?.data).toMatchObject({ causeCategory: 'operator_configuration', causeSegment: 'backbone' });
    expect(visibleTo(noc, envelope('evt.fault.ticket.major-reported.v1', { customerId: 'c1' }))?.event).toBe('ticket.major-reported');
  });

  it('sends a customer the warnings and breaches of the clocks its service marked customer-facing, not of internal ones', () => {
    const clock = (kind: string, customerFacing?: boolean) =>
      envelope('evt.fault.clock.warned.v1', { clockId: 'k1', subjectType: 'ticket', subjectId: 't1', customerId: 'c1', kind, ...(customerFacing === undefined ? {} : { customerFacing }) });
    expect(visibleTo(customer, clock('resolution', true))?.event).toBe('clock.warned');
    expect(visibleTo(customer, clock('dispatch', false))).toBeUndefined();
    expect(visibleTo({ ...customer, customerId: 'c2' }, clock('resolution', true))).toBeUndefined();
    expect(visibleTo(noc, clock('dispatch', false))?.event).toBe('clock.warned');
    // An event from before services said so is judged by its subject.
    expect(visibleTo(customer, clock('resolution'))?.event).toBe('clock.warned');
  });

  it("sends a customer its own guarantees' changes, without the staff member who acted", () => {
    const activated = envelope('evt.visits.guarantee.changed.v1', { guaranteeId: 'g1', number: 'G1', customerId: 'c1', status: 'active', action: 'activate', at: '2026-11-02T03:00:00.000Z', by: 'system' });
    expect(visibleTo(customer, activated)).toEqual({ event: 'guarantee.changed', data: { guaranteeId: 'g1', number: 'G1', customerId: 'c1', status: 'active', action: 'activate', at: '2026-11-02T03:00:00.000Z' } });
    expect(visibleTo({ ...customer, customerId: 'c2' }, activated)).toBeUndefined();
    expect(visibleTo(noc, activated)?.data).toMatchObject({ by: 'system' });
    expect(visibleTo({ sub: 'u3', username: 'pm', roles: ['project_manager'] }, activated)).toBeUndefined();
  });

  it("sends a customer its own visits, and none of the after-sales internal work (inspections, dangers, campaigns, cutovers of several customers, visits' clocks)", () => {
    const visit = envelope('evt.visits.visit.changed.v1', { visitId: 'v1', customerId: 'c1', kind: 'crisis', status: 'planned', action: 'plan', at: '2026-11-02T03:00:00.000Z', owner: '赵工' });
    expect(visibleTo(customer, visit)?.event).toBe('visit.changed');
    expect(visibleTo({ ...customer, customerId: 'c2' }, visit)).toBeUndefined();
    for (const type of ['evt.visits.inspection.changed.v1', 'evt.visits.danger.changed.v1', 'evt.visits.campaign.changed.v1', 'evt.visits.cutover.changed.v1']) {
      expect(visibleTo(customer, envelope(type, { customerId: 'c1', customerIds: ['c1'] }))).toBeUndefined();
    }
    expect(visibleTo(customer, envelope('evt.visits.clock.breached.v1', { customerId: 'c1', subjectType: 'danger' }))).toBeUndefined();
    expect(visibleTo({ sub: 'u4', username: 'ce', roles: ['customer_engineer'] }, envelope('evt.visits.danger.changed.v1', { customerId: 'c1' }))?.event).toBe('danger.changed');
  });

  it('sends a message put in an inbox to the user it is for and to no one else, an administrator or another user of the same customer included', () => {
    const added = envelope('evt.notifier.inbox.added.v1', {
      messageId: 'm1',
      userId: 'u1',
      customerId: 'c1',
      title: '故障受理通知',
      body: '您的故障已受理',
      subjectType: 'ticket',
      subjectId: 't1',
      urgent: false,
      createdAt: '2026-11-02T03:10:00.000Z',
    });
    expect(visibleTo(customer, added)).toEqual({ event: 'inbox.added', data: added.data });
    expect(visibleTo({ ...customer, sub: 'u5', username: 'portal-2' }, added)).toBeUndefined();
    expect(visibleTo({ sub: 'u6', username: 'admin', roles: ['admin'] }, added)).toBeUndefined();
    expect(visibleTo(noc, added)).toBeUndefined();
    const forNoc = envelope('evt.notifier.inbox.added.v1', { ...added.data, userId: 'u2', customerId: undefined });
    expect(visibleTo(noc, forNoc)?.event).toBe('inbox.added');
    expect(visibleTo(customer, forNoc)).toBeUndefined();
  });
});
