import { AppError, TicketView } from '@app/shared';
import { chooseCircuit, nativeAttributes, nativeReport, parseCreate, parseFilters, parsePatch, renderTicket, statusHistory, ticketStatusesOf, TMF_STATUS_OF, TmfTicketRow, withdrawalRefusal } from './tmf-ticket.rules';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    return ((err as AppError).details?.fields ?? []).map((f) => f.field);
  }
  throw new Error('expected a validation error');
}

describe('TMF621 mapping', () => {
  it('maps our statuses onto TMF’s status machine and back', () => {
    expect(TMF_STATUS_OF).toEqual({ open: 'acknowledged', dispatched: 'inProgress', suspended: 'held', restored: 'resolved', closed: 'closed', cancelled: 'cancelled' });
    expect(ticketStatusesOf('inProgress')).toEqual(['dispatched']);
    expect(ticketStatusesOf('rejected')).toEqual([]);
  });

  it('keeps the status history from the ticket’s records, one entry per change of TMF status', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 2, 2, m));
    const history = statusHistory([
      { type: 'intake', at: at(0), detail: {} },
      { type: 'dispatch', at: at(1), detail: {} },
      { type: 'dispatch', at: at(2), detail: {} },
      { type: 'feedback', at: at(3), detail: {} },
      { type: 'suspend', at: at(4), detail: { reason: 'customer away' } },
      { type: 'resume', at: at(5), detail: { reason: 'back' } },
      { type: 'restore', at: at(6), detail: {} },
      { type: 'close', at: at(7), detail: {} },
      { type: 'reopen', at: at(8), detail: { reason: 'again' } },
    ]);
    expect(history.map((h) => [h.status, h.at.getUTCMinutes(), h.reason])).toEqual([
      ['acknowledged', 0, undefined],
      ['inProgress', 1, undefined],
      ['held', 4, 'customer away'],
      ['inProgress', 5, 'back'],
      ['resolved', 6, undefined],
      ['closed', 7, undefined],
      ['acknowledged', 8, 'again'],
    ]);
  });

  it('requires description, severity and ticketType, and notes as an array (a note’s text is optional, a string)', () => {
    expect(fieldsOf(() => parseCreate('v4', { description: 'x', severity: 'High' }))).toEqual(['ticketType']);
    expect(fieldsOf(() => parseCreate('v4', { description: 'x', severity: 'High', ticketType: 't', note: { author: 'a' } }))).toEqual(['note']);
    expect(parseCreate('v4', { description: 'x', severity: 'High', ticketType: 't', note: [{ author: 'a' }] }).notes).toEqual(['']);
    expect(fieldsOf(() => parseCreate('v4', { description: 'x', severity: 'High', ticketType: 't', note: [{ text: 7 }] }))).toEqual(['note[0].text']);
    expect(fieldsOf(() => parseCreate('v4', { description: 'x', severity: 'High', ticketType: 't', colour: 'red' }))).toEqual(['colour']);
  });

  it('v5: @type, when sent, is TroubleTicket; relationships, the specification and typed characteristics are kept as stated', () => {
    const base = { description: 'x', severity: 'High', ticketType: 't' };
    for (const type of [null, 7, 'TroubleTicket_']) {
      expect(fieldsOf(() => parseCreate('v5', { ...base, '@type': type }))).toEqual(['@type']);
      expect(fieldsOf(() => parsePatch('v5', { '@type': type }, { noteIds: [], attachmentIds: [] }))).toEqual(['@type']);
    }
    const draft = parseCreate('v5', {
      ...base,
      '@type': 'TroubleTicket',
      troubleTicketRelationship: [{ id: 'T9', relationshipType: 'isDuplicateOf' }],
      troubleTicketSpecification: { id: 'S1', '@type': 'TroubleTicketSpecificationRef' },
      troubleTicketCharacteristic: [{ name: 'flags', value: [true, false], valueType: 'array', '@type': 'BooleanArrayCharacteristic' }],
      attachment: [{ '@type': 'Attachment', attachmentType: 'photo', mimeType: 'image/png' }],
    });
    expect(draft).toMatchObject({
      relationships: [{ id: 'T9', relationshipType: 'isDuplicateOf' }],
      specification: { id: 'S1' },
      characteristics: [{ name: 'flags', value: [true, false], valueType: 'array', type: 'BooleanArrayCharacteristic' }],
      attachments: [{ attachmentType: 'photo', mimeType: 'image/png' }],
    });
    expect(fieldsOf(() => parseCreate('v4', { ...base, troubleTicketSpecification: { id: 'S1' } }))).toEqual(['troubleTicketSpecification']);
    expect(fieldsOf(() => parseCreate('v5', { ...base, troubleTicketRelationship: ['x'] }))).toEqual(['troubleTicketRelationship[0]']);
    expect(fieldsOf(() => parseCreate('v4', { ...base, id: 7, href: null, '@baseType': true, channel: 'web' }))).toEqual(['@baseType', 'id', 'href', 'channel']);
    expect(fieldsOf(() => parseCreate('v5', { ...base, status: 'nanana', resolutionDate: 'soon', note: [{ '@type': 'Note_' }] }))).toEqual(['status', 'resolutionDate', 'note[0].@type']);
    expect(parseCreate('v4', { ...base, status: 'nanana' })).toMatchObject({ description: 'x' });
    expect(fieldsOf(() => parseCreate('v5', { ...base, troubleTicketCharacteristic: [{ name: 'n', value: 'x'.repeat(5000) }] }))).toEqual(['troubleTicketCharacteristic[0].value']);
  });

  it('a ticket the operator opened takes notes and attachments only; the client’s own report is withdrawn only before dispatch and alone', () => {
    const patch = parsePatch('v5', { severity: 'Low', externalIdentifier: null, note: [{ text: 'n' }] }, { noteIds: [], attachmentIds: [] });
    expect(nativeAttributes('v5', patch)).toEqual(['severity', 'externalIdentifier']);
    expect(nativeAttributes('v5', parsePatch('v5', { note: [{ text: 'n' }], attachment: [{ url: 'http://x/y' }] }, { noteIds: [], attachmentIds: [] }))).toEqual([]);
    expect(withdrawalRefusal('open', 0)).toBeUndefined();
    expect(withdrawalRefusal('open', 2)).toMatch(/2 other reports/);
    expect(withdrawalRefusal('dispatched', 0)).toMatch(/inProgress/);
  });

  it('ignores server-set attributes in a create body and reads v4 and v5 references alike', () => {
    const v4 = parseCreate('v4', { description: 'x', severity: 'High', ticketType: 't', status: 'nanana', externalId: 'E1', relatedEntity: [{ id: 'C-1', role: 'circuit', '@referredType': 'Circuit' }] });
    expect(v4).toMatchObject({ externalId: 'E1', relatedEntity: [{ id: 'C-1', role: 'circuit', referredType: 'Circuit' }] });
    const v5 = parseCreate('v5', { description: 'x', severity: 'High', ticketType: 't', externalIdentifier: [{ id: 'E2' }], relatedParty: [{ role: 'customer', partyOrPartyRole: { id: 'K-1', '@referredType': 'Organization' } }] });
    expect(v5).toMatchObject({ externalId: 'E2', relatedParty: [{ id: 'K-1', role: 'customer', referredType: 'Organization' }] });
  });

  it('refuses server-set and fixed attributes in a patch; null removes an optional one; notes are only added', () => {
    const existing = { noteIds: ['n1'], attachmentIds: [] };
    for (const key of ['status', 'id', 'href', 'creationDate', 'lastUpdate', 'resolutionDate', 'statusChange', 'channel', 'relatedParty', 'relatedEntity']) {
      expect(fieldsOf(() => parsePatch('v4', { [key]: 'x' }, existing))).toContain(key);
    }
    expect(fieldsOf(() => parsePatch('v4', { severity: null }, existing))).toEqual(['severity']);
    expect(parsePatch('v4', { priority: null, severity: 'Low', note: [{ id: 'n1', text: 'old' }, { text: 'new' }] }, existing)).toEqual({
      set: { severity: 'Low' },
      remove: ['priority'],
      newNotes: ['new'],
      newAttachments: [],
    });
    expect(parsePatch('v4', { note: [{ id: 'n9', text: 'x' }] }, existing).newNotes).toEqual(['x']);
  });

  it('filters by known attributes only, status in TMF’s terms', () => {
    expect(parseFilters({ severity: 'High,Low', status: 'resolved' })).toEqual({ severity: ['High', 'Low'], status: ['resolved'] });
    expect(fieldsOf(() => parseFilters({ colour: 'red' }))).toEqual(['colour']);
    expect(fieldsOf(() => parseFilters({ status: 'done' }))).toEqual(['status']);
  });

  it('takes the circuit named, else the customer’s only live circuit', () => {
    const circuits = [
      { id: 'a', code: 'C-A', state: 'live' },
      { id: 'b', code: 'C-B', state: 'ceased' },
    ];
    expect(chooseCircuit(circuits, undefined).id).toBe('a');
    expect(chooseCircuit(circuits, { id: 'C-B' }).id).toBe('b');
    expect(() => chooseCircuit(circuits, { id: 'C-X' })).toThrow(expect.objectContaining({ code: 'CIRCUIT_UNKNOWN' }));
    expect(() => chooseCircuit([...circuits, { id: 'c', code: 'C-C', state: 'live' }], undefined)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('renders the customer-facing closure cause, restoration as resolution and the version’s history attribute', () => {
    const row: TmfTicketRow = {
      id: 'tmf-1',
      channel: 'partner',
      name: null,
      description: 'down',
      severity: 'High',
      ticketType: 'connectivity',
      priority: null,
      externalId: 'E1',
      requestedResolutionDate: null,
      notes: [],
      attachments: [],
      relatedParty: [],
      relatedEntity: [],
      characteristics: [{ name: 'site', value: 'HQ' }],
      relationships: [],
      specification: null,
      createdAt: new Date('2026-11-02T02:00:00Z'),
      updatedAt: new Date('2026-11-02T02:00:00Z'),
    };
    const ticket = {
      id: 't',
      number: 'F1',
      status: 'closed',
      customerId: 'k',
      customerName: 'K',
      circuitId: 'c',
      circuitCode: 'C-1',
      reportedAt: '2026-11-02T02:00:00.000Z',
      resolutionLimitMinutes: 240,
      restoredAt: '2026-11-02T03:00:00.000Z',
      causeDescription: '传输线路瞬断',
      closedWithoutRestoration: false,
    } as TicketView;
    const history = [{ status: 'closed' as const, at: new Date('2026-11-02T04:00:00Z') }];
    const v4 = renderTicket('v4', row, ticket, history);
    expect(v4).toMatchObject({
      href: '/tmf-api/troubleTicket/v4/troubleTicket/tmf-1',
      status: 'closed',
      externalId: 'E1',
      resolutionDate: '2026-11-02T03:00:00.000Z',
      expectedResolutionDate: '2026-11-02T06:00:00.000Z',
      statusChangeDate: '2026-11-02T04:00:00.000Z',
      lastUpdate: '2026-11-02T04:00:00.000Z',
      statusChange: [{ status: 'closed', changeDate: '2026-11-02T04:00:00.000Z' }],
      relatedEntity: [{ id: 'c', name: 'C-1', role: 'circuit' }],
    });
    expect(v4.troubleTicketCharacteristic).toEqual([
      expect.objectContaining({ name: 'faultTicketNumber', value: 'F1' }),
      expect.objectContaining({ name: 'closureCause', value: '传输线路瞬断' }),
      expect.objectContaining({ name: 'closedWithoutRestoration', value: 'false' }),
      expect.objectContaining({ name: 'site', value: 'HQ' }),
    ]);
    const v5 = renderTicket('v5', row, ticket, history);
    expect(v5).toMatchObject({ externalIdentifier: [{ id: 'E1' }], statusChangeHistory: [{ status: 'closed', statusChangeDate: '2026-11-02T04:00:00.000Z' }] });
    expect(v5).not.toHaveProperty('statusChange');
    expect(v5.relatedEntity).toEqual([expect.objectContaining({ role: 'circuit', entity: expect.objectContaining({ id: 'c', name: 'C-1' }) })]);
  });

  it('reads a ticket the NOC opened as a TroubleTicket of its own: its id, direction, symptom, channel; Critical for an HQ outage', () => {
    const opened = new Date('2026-11-02T02:00:00Z');
    const ticket = { id: 't-1', direction: '广州—北京', symptom: 'LOS', channel: 'hotline', hqOutage: false, openedAt: opened };
    expect(nativeReport(ticket)).toMatchObject({
      id: 't-1',
      channel: 'hotline',
      name: '广州—北京',
      description: 'LOS',
      severity: 'Major',
      ticketType: 'fault',
      notes: [],
      characteristics: [{ name: 'channel', value: 'hotline' }],
      createdAt: opened,
    });
    expect(nativeReport({ ...ticket, hqOutage: true }).severity).toBe('Critical');
    // The platform's characteristics cannot be sent by a client.
    expect(() => parseCreate('v4', { description: 'd', severity: 'High', ticketType: 't', troubleTicketCharacteristic: [{ name: 'channel', value: 'x' }] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
