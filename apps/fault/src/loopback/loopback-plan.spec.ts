import {
  CircuitEnd,
  Cooperation,
  LoopbackInputError,
  LoopbackPlan,
  LoopResult,
  LoopSite,
  LoopTestRecord,
  planLoopbackTest,
} from './loopback-plan';

const BOTH: Cooperation = { kind: 'bothEnds' };
const ONLY_A: Cooperation = { kind: 'oneEnd', cooperatingEnd: 'A' };
const NEITHER: Cooperation = { kind: 'neitherEnd' };

const other = (end: CircuitEnd): CircuitEnd => (end === 'A' ? 'Z' : 'A');

/** A loop toward the customer, watched at the same end's customer site. */
function towardCustomer(end: CircuitEnd, site: LoopSite, result: LoopResult): LoopTestRecord {
  return { end, site, direction: 'towardCustomer', results: { [end]: result } };
}

/** A loop at the nearest office facing the backbone, received by a test set at the same end's backbone exit. */
function towardBackbone(end: CircuitEnd, result: LoopResult): LoopTestRecord {
  return { end, site: 'nearestOffice', direction: 'towardBackbone', results: { [end]: result } };
}

/** A loop at the nearest office toward the other end, watched at the other end. */
function towardFarEnd(end: CircuitEnd, result: LoopResult): LoopTestRecord {
  return { end, site: 'nearestOffice', direction: 'towardFarEnd', results: { [other(end)]: result } };
}

function plan(cooperation: Cooperation, records: LoopTestRecord[], staffOnSite: CircuitEnd[] = []): LoopbackPlan {
  return planLoopbackTest({ cooperation, records, staffOnSite });
}

/** The loops of a next test, reduced to where, which way and who watches. */
function loopsOf(result: LoopbackPlan): string[] {
  if (result.kind !== 'nextTest') throw new Error(`expected a next test, got ${JSON.stringify(result)}`);
  return result.loops.map((l) => `${l.end} ${l.site} ${l.direction} → ${l.observedBy.end} ${l.observedBy.by}`);
}

function expectInputError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(LoopbackInputError);
  expect(run).toThrow(message);
}

describe('planLoopbackTest: both ends cooperate (三.1)', () => {
  it('starts with both ends looped toward their customers at the nearest office (1(1))', () => {
    const first = plan(BOTH, []);
    expect(first).toMatchObject({ kind: 'nextTest', rule: '1(1)', dispatchStaffTo: [] });
    expect(loopsOf(first)).toEqual([
      'A nearestOffice towardCustomer → A customer',
      'Z nearestOffice towardCustomer → Z customer',
    ]);
    expect(first.kind === 'nextTest' && first.loops[0].ask).toBe(
      'Set a loop at the operator office nearest the A-end customer, looped toward the customer; the A-end customer reports whether it receives the loop.',
    );
  });

  it('waits for the end that has not reported yet', () => {
    const waiting = plan(BOTH, [towardCustomer('A', 'nearestOffice', 'notReceived')]);
    expect(waiting).toMatchObject({ kind: 'nextTest', rule: '1(1)' });
    expect(loopsOf(waiting)).toEqual(['Z nearestOffice towardCustomer → Z customer']);
  });

  it('walks through to "send staff to both customer sites" when every loop comes back (1(1)→(3)→(5)→(6))', () => {
    const records: LoopTestRecord[] = [];

    records.push(towardCustomer('A', 'nearestOffice', 'received'), towardCustomer('Z', 'nearestOffice', 'received'));
    const exits = plan(BOTH, records);
    expect(exits).toMatchObject({ kind: 'nextTest', rule: '1(3)' });
    expect(loopsOf(exits)).toEqual(['A backboneExit towardCustomer → A customer', 'Z backboneExit towardCustomer → Z customer']);

    records.push(towardCustomer('A', 'backboneExit', 'received'), towardCustomer('Z', 'backboneExit', 'received'));
    const far = plan(BOTH, records);
    expect(far).toMatchObject({ kind: 'nextTest', rule: '1(5)' });
    expect(loopsOf(far)).toEqual(['A nearestOffice towardFarEnd → Z customer']);
    expect(far.kind === 'nextTest' && far.loops[0]).toMatchObject({
      mayBeSetFromOtherEnd: true,
      ask: "Set a loop at the operator office nearest the A-end customer, looped toward the Z end; the Z-end customer reports whether it receives the loop. The two ends' departments may agree to set it from the Z end instead.",
    });

    records.push(towardFarEnd('A', 'received'));
    expect(plan(BOTH, records)).toEqual({ kind: 'sendStaffToBothSites', rule: '1(6)' });
  });

  it('puts the fault in the backbone when the far end does not receive the loop (1(6))', () => {
    const records = [
      towardCustomer('A', 'nearestOffice', 'received'),
      towardCustomer('Z', 'nearestOffice', 'received'),
      towardCustomer('A', 'backboneExit', 'received'),
      towardCustomer('Z', 'backboneExit', 'received'),
      towardFarEnd('A', 'notReceived'),
    ];
    expect(plan(BOTH, records)).toEqual({ kind: 'faultLocalised', faults: [{ segment: 'backbone', rule: '1(6)' }] });
  });

  it('accepts the far-end loop set from the Z end, as the departments may agree (1(5))', () => {
    const records = [
      towardCustomer('A', 'nearestOffice', 'received'),
      towardCustomer('Z', 'nearestOffice', 'received'),
      towardCustomer('A', 'backboneExit', 'received'),
      towardCustomer('Z', 'backboneExit', 'received'),
      towardFarEnd('Z', 'notReceived'),
    ];
    expect(plan(BOTH, records)).toEqual({ kind: 'faultLocalised', faults: [{ segment: 'backbone', rule: '1(6)' }] });
  });

  it('moves the loop to the customer-site device when one end does not receive it, and localises the access (1(2))', () => {
    const first = [towardCustomer('A', 'nearestOffice', 'received'), towardCustomer('Z', 'nearestOffice', 'notReceived')];
    const moved = plan(BOTH, first);
    expect(moved).toMatchObject({ kind: 'nextTest', rule: '1(2)' });
    expect(loopsOf(moved)).toEqual(['Z customerSiteDevice towardCustomer → Z customer']);

    expect(plan(BOTH, [...first, towardCustomer('Z', 'customerSiteDevice', 'notReceived')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'siteDeviceToCustomerEquipment', end: 'Z', rule: '1(2)' }],
    });
    expect(plan(BOTH, [...first, towardCustomer('Z', 'customerSiteDevice', 'received')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'nearestOfficeToSiteDevice', end: 'Z', rule: '1(2)' }],
    });
  });

  it('applies 1(2) to each end when neither receives its first loop', () => {
    const first = [towardCustomer('A', 'nearestOffice', 'notReceived'), towardCustomer('Z', 'nearestOffice', 'notReceived')];
    expect(loopsOf(plan(BOTH, first))).toEqual([
      'A customerSiteDevice towardCustomer → A customer',
      'Z customerSiteDevice towardCustomer → Z customer',
    ]);
    const both = [...first, towardCustomer('A', 'customerSiteDevice', 'received'), towardCustomer('Z', 'customerSiteDevice', 'notReceived')];
    expect(plan(BOTH, both)).toEqual({
      kind: 'faultLocalised',
      faults: [
        { segment: 'nearestOfficeToSiteDevice', end: 'A', rule: '1(2)' },
        { segment: 'siteDeviceToCustomerEquipment', end: 'Z', rule: '1(2)' },
      ],
    });
  });

  it('puts the fault between the backbone exit and the first loop point when a backbone-exit loop fails (1(4))', () => {
    const records = [
      towardCustomer('A', 'nearestOffice', 'received'),
      towardCustomer('Z', 'nearestOffice', 'received'),
      towardCustomer('A', 'backboneExit', 'notReceived'),
      towardCustomer('Z', 'backboneExit', 'received'),
    ];
    expect(plan(BOTH, records)).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'backboneExitToNearestOffice', end: 'A', narrowBy: 'movingLoopTowardCustomer', rule: '1(4)' }],
    });
  });
});

describe('planLoopbackTest: one end cooperates (三.2, A cooperates)', () => {
  const cleanStart = [towardCustomer('A', 'nearestOffice', 'received'), towardBackbone('Z', 'received')];

  it('loops the A end toward its customer and the Z end toward the backbone, and sends Z staff at once (2(1))', () => {
    const first = plan(ONLY_A, []);
    expect(first).toMatchObject({ kind: 'nextTest', rule: '2(1)', dispatchStaffTo: ['Z'] });
    expect(loopsOf(first)).toEqual([
      'A nearestOffice towardCustomer → A customer',
      'Z nearestOffice towardBackbone → Z testSetAtBackboneExit',
    ]);
    expect(first.kind === 'nextTest' && first.loops[1].ask).toBe(
      'Set a loop at the operator office nearest the Z-end customer, looped toward the backbone; a test set hung at the Z-side backbone exit shows whether the loop is received.',
    );
  });

  it('walks through to "send staff to both customer sites" when the staff arrive after the far-end loop (2(1)→(3)→(5)→(6))', () => {
    const records: LoopTestRecord[] = [...cleanStart];
    const third = plan(ONLY_A, records);
    expect(third).toMatchObject({ kind: 'nextTest', rule: '2(3)', dispatchStaffTo: ['Z'] });
    expect(loopsOf(third)).toEqual(['A backboneExit towardCustomer → A customer']);

    records.push(towardCustomer('A', 'backboneExit', 'received'));
    const far = plan(ONLY_A, records);
    expect(far).toMatchObject({ kind: 'nextTest', rule: '2(5)', dispatchStaffTo: ['Z'] });
    expect(loopsOf(far)).toEqual(['Z nearestOffice towardFarEnd → A customer']);
    expect(far.kind === 'nextTest' && far.loops[0].mayBeSetFromOtherEnd).toBe(false);

    records.push(towardFarEnd('Z', 'received'));
    const onSite = plan(ONLY_A, records);
    expect(onSite).toMatchObject({ kind: 'nextTest', rule: '2(6)', dispatchStaffTo: ['Z'] });
    expect(loopsOf(onSite)).toEqual(['Z nearestOffice towardCustomer → Z dispatchedStaff']);
    expect(onSite.kind === 'nextTest' && onSite.loops[0].ask).toBe(
      'Set a loop at the operator office nearest the Z-end customer, looped toward the customer; once there, the staff sent to the Z-end customer site report whether they receive the loop.',
    );

    records.push(towardCustomer('Z', 'nearestOffice', 'received'));
    expect(plan(ONLY_A, records, ['Z'])).toEqual({ kind: 'sendStaffToBothSites', rule: '2(6)' });
  });

  it('lets staff already on site test alongside the backbone-exit loop, and ends the test when they find the segment (2(3), 2(5))', () => {
    const third = plan(ONLY_A, cleanStart, ['Z']);
    expect(third).toMatchObject({ kind: 'nextTest', rule: '2(3)', dispatchStaffTo: [] });
    expect(loopsOf(third)).toEqual([
      'A backboneExit towardCustomer → A customer',
      'Z nearestOffice towardCustomer → Z dispatchedStaff',
    ]);

    const staffFail = [...cleanStart, towardCustomer('A', 'backboneExit', 'received'), towardCustomer('Z', 'nearestOffice', 'notReceived')];
    const moved = plan(ONLY_A, staffFail, ['Z']);
    expect(moved).toMatchObject({ kind: 'nextTest', rule: '2(5)' });
    expect(loopsOf(moved)).toEqual(['Z customerSiteDevice towardCustomer → Z dispatchedStaff']);

    expect(plan(ONLY_A, [...staffFail, towardCustomer('Z', 'customerSiteDevice', 'received')], ['Z'])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'nearestOfficeToSiteDevice', end: 'Z', rule: '2(5)' }],
    });
  });

  it('loops toward the other end once the staff on site receive their loop, then concludes without another on-site test', () => {
    const staffClean = [...cleanStart, towardCustomer('A', 'backboneExit', 'received'), towardCustomer('Z', 'nearestOffice', 'received')];
    expect(loopsOf(plan(ONLY_A, staffClean, ['Z']))).toEqual(['Z nearestOffice towardFarEnd → A customer']);
    expect(plan(ONLY_A, [...staffClean, towardFarEnd('Z', 'received')], ['Z'])).toEqual({ kind: 'sendStaffToBothSites', rule: '2(6)' });
    expect(plan(ONLY_A, [...staffClean, towardFarEnd('Z', 'notReceived')], ['Z'])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'backbone', rule: '2(6)' }],
    });
  });

  it('puts the fault in the backbone when the far-end loop does not reach the A customer (2(6))', () => {
    const records = [...cleanStart, towardCustomer('A', 'backboneExit', 'received'), towardFarEnd('Z', 'notReceived')];
    expect(plan(ONLY_A, records)).toEqual({ kind: 'faultLocalised', faults: [{ segment: 'backbone', rule: '2(6)' }] });
  });

  it('takes the staff result after the far-end loop when they arrive late and do not receive their loop (2(6))', () => {
    const records = [
      ...cleanStart,
      towardCustomer('A', 'backboneExit', 'received'),
      towardFarEnd('Z', 'received'),
      towardCustomer('Z', 'nearestOffice', 'notReceived'),
    ];
    const moved = plan(ONLY_A, records, ['Z']);
    expect(moved).toMatchObject({ kind: 'nextTest', rule: '2(6)', dispatchStaffTo: [] });
    expect(loopsOf(moved)).toEqual(['Z customerSiteDevice towardCustomer → Z dispatchedStaff']);
    expect(plan(ONLY_A, [...records, towardCustomer('Z', 'customerSiteDevice', 'notReceived')], ['Z'])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'siteDeviceToCustomerEquipment', end: 'Z', rule: '2(6)' }],
    });
  });

  it('localises the A access through the customer-site device when the A customer does not receive the first loop (2(2))', () => {
    const first = [towardCustomer('A', 'nearestOffice', 'notReceived'), towardBackbone('Z', 'received')];
    const moved = plan(ONLY_A, first);
    expect(moved).toMatchObject({ kind: 'nextTest', rule: '2(2)', dispatchStaffTo: [] });
    expect(loopsOf(moved)).toEqual(['A customerSiteDevice towardCustomer → A customer']);
    expect(plan(ONLY_A, [...first, towardCustomer('A', 'customerSiteDevice', 'notReceived')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'siteDeviceToCustomerEquipment', end: 'A', rule: '2(2)' }],
    });
  });

  it('puts the fault between the Z backbone exit and the first loop point when the test set receives nothing (2(2))', () => {
    expect(plan(ONLY_A, [towardCustomer('A', 'nearestOffice', 'received'), towardBackbone('Z', 'notReceived')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'backboneExitToNearestOffice', end: 'Z', narrowBy: 'movingLoopTowardBackboneExit', rule: '2(2)' }],
    });
  });

  it('reports both findings when both first loops fail, after refining the A access (2(2))', () => {
    const first = [towardCustomer('A', 'nearestOffice', 'notReceived'), towardBackbone('Z', 'notReceived')];
    expect(loopsOf(plan(ONLY_A, first))).toEqual(['A customerSiteDevice towardCustomer → A customer']);
    expect(plan(ONLY_A, [...first, towardCustomer('A', 'customerSiteDevice', 'received')])).toEqual({
      kind: 'faultLocalised',
      faults: [
        { segment: 'nearestOfficeToSiteDevice', end: 'A', rule: '2(2)' },
        { segment: 'backboneExitToNearestOffice', end: 'Z', narrowBy: 'movingLoopTowardBackboneExit', rule: '2(2)' },
      ],
    });
  });

  it('puts the fault between the A backbone exit and the first loop point when the A customer loses the moved loop (2(4))', () => {
    expect(plan(ONLY_A, [...cleanStart, towardCustomer('A', 'backboneExit', 'notReceived')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'backboneExitToNearestOffice', end: 'A', narrowBy: 'movingLoopTowardCustomer', rule: '2(4)' }],
    });
  });

  it('mirrors the roles when the Z end is the one that cooperates', () => {
    const first = plan({ kind: 'oneEnd', cooperatingEnd: 'Z' }, []);
    expect(first).toMatchObject({ rule: '2(1)', dispatchStaffTo: ['A'] });
    expect(loopsOf(first)).toEqual([
      'Z nearestOffice towardCustomer → Z customer',
      'A nearestOffice towardBackbone → A testSetAtBackboneExit',
    ]);
  });
});

describe('planLoopbackTest: neither end cooperates (三.3)', () => {
  const cleanStart = [towardBackbone('A', 'received'), towardBackbone('Z', 'received')];
  const farRule = '3, past the cut-off: as 2(5)';
  const afterRule = '3, past the cut-off: as 2(6)';

  it('loops both ends toward the backbone with test sets at both backbone exits, and sends staff to both sites (3(1))', () => {
    const first = plan(NEITHER, []);
    expect(first).toMatchObject({ kind: 'nextTest', rule: '3(1)', dispatchStaffTo: ['A', 'Z'] });
    expect(loopsOf(first)).toEqual([
      'A nearestOffice towardBackbone → A testSetAtBackboneExit',
      'Z nearestOffice towardBackbone → Z testSetAtBackboneExit',
    ]);
  });

  it('puts the fault between the backbone exit and the first loop point at the end whose test set receives nothing (3(2))', () => {
    expect(plan(NEITHER, [towardBackbone('A', 'received'), towardBackbone('Z', 'notReceived')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'backboneExitToNearestOffice', end: 'Z', narrowBy: 'movingLoopTowardBackboneExit', rule: '3(2)' }],
    });
  });

  it('walks through to "send staff to both customer sites" as the staff arrive one after the other', () => {
    const records: LoopTestRecord[] = [...cleanStart];

    const staffA = plan(NEITHER, records, ['A']);
    expect(staffA).toMatchObject({ kind: 'nextTest', rule: '3(3)', dispatchStaffTo: ['Z'] });
    expect(loopsOf(staffA)).toEqual(['A nearestOffice towardCustomer → A dispatchedStaff']);

    records.push(towardCustomer('A', 'nearestOffice', 'received'));
    const far = plan(NEITHER, records, ['A']);
    expect(far).toMatchObject({ kind: 'nextTest', rule: farRule });
    expect(loopsOf(far)).toEqual(['A nearestOffice towardFarEnd → Z testSetAtBackboneExit']);
    expect(far.kind === 'nextTest' && far.loops[0].mayBeSetFromOtherEnd).toBe(true);

    records.push(towardFarEnd('A', 'received'));
    const staffZ = plan(NEITHER, records, ['A']);
    expect(staffZ).toMatchObject({ kind: 'nextTest', rule: afterRule, dispatchStaffTo: ['Z'] });
    expect(loopsOf(staffZ)).toEqual(['Z nearestOffice towardCustomer → Z dispatchedStaff']);

    records.push(towardCustomer('Z', 'nearestOffice', 'received'));
    expect(plan(NEITHER, records, ['A', 'Z'])).toEqual({ kind: 'sendStaffToBothSites', rule: afterRule });
  });

  it('loops one end toward the other at once when no staff have arrived, and finds the backbone at fault', () => {
    expect(loopsOf(plan(NEITHER, cleanStart))).toEqual(['A nearestOffice towardFarEnd → Z testSetAtBackboneExit']);
    expect(plan(NEITHER, [...cleanStart, towardFarEnd('A', 'notReceived')])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'backbone', rule: afterRule }],
    });
  });

  it('asks both ends’ staff for their loops after the far-end loop comes back', () => {
    const onSite = plan(NEITHER, [...cleanStart, towardFarEnd('Z', 'received')]);
    expect(onSite).toMatchObject({ kind: 'nextTest', rule: afterRule, dispatchStaffTo: ['A', 'Z'] });
    expect(loopsOf(onSite)).toEqual([
      'A nearestOffice towardCustomer → A dispatchedStaff',
      'Z nearestOffice towardCustomer → Z dispatchedStaff',
    ]);
  });

  it('ends the test when staff on site find the segment through the customer-site device (3(3))', () => {
    const records = [...cleanStart, towardCustomer('A', 'nearestOffice', 'received'), towardCustomer('Z', 'nearestOffice', 'notReceived')];
    const moved = plan(NEITHER, records, ['A', 'Z']);
    expect(moved).toMatchObject({ kind: 'nextTest', rule: '3(3)', dispatchStaffTo: [] });
    expect(loopsOf(moved)).toEqual(['Z customerSiteDevice towardCustomer → Z dispatchedStaff']);
    expect(plan(NEITHER, [...records, towardCustomer('Z', 'customerSiteDevice', 'notReceived')], ['A', 'Z'])).toEqual({
      kind: 'faultLocalised',
      faults: [{ segment: 'siteDeviceToCustomerEquipment', end: 'Z', rule: '3(3)' }],
    });
  });
});

describe('planLoopbackTest: inconsistent input', () => {
  it('is a LoopbackInputError, an Error subclass with its own name', () => {
    const error = new LoopbackInputError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LoopbackInputError');
  });

  it('rejects a result from the customer of an end that cannot cooperate', () => {
    expectInputError(
      () => plan(ONLY_A, [towardCustomer('A', 'nearestOffice', 'received'), towardCustomer('Z', 'nearestOffice', 'received')]),
      /the Z-end customer cannot cooperate and no dispatched staff are on site there/,
    );
    expectInputError(() => plan(NEITHER, [towardCustomer('A', 'nearestOffice', 'received')]), /the A-end customer cannot cooperate/);
  });

  it('rejects a far-end loop that would have to be watched by a customer who cannot cooperate', () => {
    const records = [towardCustomer('A', 'nearestOffice', 'received'), towardBackbone('Z', 'received'), towardFarEnd('A', 'received')];
    expectInputError(() => plan(ONLY_A, records), /the Z-end customer cannot cooperate/);
  });

  it('rejects a loop the procedure has not reached yet', () => {
    expectInputError(
      () => plan(BOTH, [towardCustomer('A', 'backboneExit', 'received')]),
      /loop at the A-side backbone exit, looped toward the customer, but with the other results the procedure does not reach that loop: it is waiting for 1\(1\)/,
    );
  });

  it('rejects a loop recorded after the procedure concluded', () => {
    const records = [
      towardCustomer('A', 'nearestOffice', 'received'),
      towardCustomer('Z', 'nearestOffice', 'received'),
      towardCustomer('A', 'backboneExit', 'notReceived'),
      towardCustomer('Z', 'backboneExit', 'received'),
      towardFarEnd('A', 'received'),
    ];
    expectInputError(() => plan(BOTH, records), /does not reach that loop: it has already concluded/);
  });

  it('rejects a loop the procedure never uses in this cooperation case', () => {
    expectInputError(() => plan(BOTH, [towardBackbone('A', 'received')]), /does not reach that loop/);
  });

  it('rejects the far-end loop recorded from both ends', () => {
    const records = [
      towardCustomer('A', 'nearestOffice', 'received'),
      towardCustomer('Z', 'nearestOffice', 'received'),
      towardCustomer('A', 'backboneExit', 'received'),
      towardCustomer('Z', 'backboneExit', 'received'),
      towardFarEnd('A', 'received'),
      towardFarEnd('Z', 'received'),
    ];
    expectInputError(() => plan(BOTH, records), /loop at the operator office nearest the Z-end customer, looped toward the A end/);
  });

  it('rejects an on-site loop that failed alongside a far-end loop that failed: either would have ended the test', () => {
    const records = [
      towardCustomer('A', 'nearestOffice', 'received'),
      towardBackbone('Z', 'received'),
      towardCustomer('A', 'backboneExit', 'received'),
      towardCustomer('Z', 'nearestOffice', 'notReceived'),
      towardFarEnd('Z', 'notReceived'),
    ];
    expectInputError(() => plan(ONLY_A, records, ['Z']), /does not reach that loop: it has already concluded/);
  });

  it('rejects a result recorded at an end that does not observe the loop', () => {
    const wrongEnd: LoopTestRecord = { end: 'A', site: 'nearestOffice', direction: 'towardCustomer', results: { Z: 'received' } };
    expectInputError(() => plan(BOTH, [wrongEnd]), /is observed at the A end only, but results are recorded for: Z/);
    const bothEnds: LoopTestRecord = { ...wrongEnd, results: { A: 'received', Z: 'received' } };
    expectInputError(() => plan(BOTH, [bothEnds]), /results are recorded for: A, Z/);
    const none: LoopTestRecord = { ...wrongEnd, results: {} };
    expectInputError(() => plan(BOTH, [none]), /results are recorded for: no end/);
  });

  it('rejects the same loop recorded twice', () => {
    const twice = [towardCustomer('A', 'nearestOffice', 'received'), towardCustomer('A', 'nearestOffice', 'notReceived')];
    expectInputError(() => plan(BOTH, twice), /is recorded twice/);
  });

  it('rejects staff on site at an end whose customer cooperates', () => {
    expectInputError(() => plan(ONLY_A, [], ['A']), /Staff are listed on site at the A end/);
    expectInputError(() => plan(BOTH, [], ['Z']), /Staff are listed on site at the Z end/);
  });
});
