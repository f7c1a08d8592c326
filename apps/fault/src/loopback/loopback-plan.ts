/**
 * Guided loop-back test (打环测试) for a bandwidth circuit after the network departments found no alarm or
 * configuration change: seed 002 §2.3.1.5 "三、数字电路电路打环测试方案". It starts once the customer has agreed
 * (打环测试必须经得客户的同意). A customer who does not need the fault handled at once is tested as "both ends
 * cooperate" at an agreed time, by staff sent to both sites (一.3.2)ii).
 *
 * The circuit, and the points where a loop can be set:
 *   A customer equipment ─ A customer-site device ─ A nearest office ─ … ─ A backbone exit
 *     ═ backbone ═ Z backbone exit ─ … ─ Z nearest office ─ Z customer-site device ─ Z customer equipment
 *
 * `rule` fields name the item followed: "1(3)" is 三.1 (两端用户可以配合测试) item (3), "2(…)" 三.2 (一端用户可以配合测试),
 * "3(…)" 三.3 (两端用户均不可以配合测试). The seed text breaks off inside 三.3(3); what follows it is marked as such.
 * The seed speaks of one end not receiving its loop; when both ends fail in one test, each end's rule applies to it.
 */

import {
  CircuitEnd,
  Cooperation,
  FaultLocalised,
  FaultySegment,
  Loop,
  LoopbackInputError,
  LoopbackPlan,
  LoopbackPlanInput,
  LoopDirection,
  LoopSite,
  LoopTestRecord,
  NextTest,
  Observer,
  PlannedLoop,
  LoopResult,
} from './loopback.terms';

export * from './loopback.terms';

const ENDS: readonly CircuitEnd[] = ['A', 'Z'];

/** The next loop test of the procedure, or its conclusion once the recorded results are enough. */
export function planLoopbackTest(input: LoopbackPlanInput): LoopbackPlan {
  const walk = new ProcedureWalk(input);
  const plan = planFor(walk, input.cooperation);
  walk.assertEveryRecordReached(plan);
  return plan;
}

function planFor(walk: ProcedureWalk, cooperation: Cooperation): LoopbackPlan {
  switch (cooperation.kind) {
    case 'bothEnds':
      return planBothEndsCooperate(walk);
    case 'oneEnd':
      return planOneEndCooperates(walk, cooperation.cooperatingEnd);
    case 'neitherEnd':
      return planNeitherEndCooperates(walk);
  }
}

/** 三.1: both customers take part, so every loop can be watched from a customer site. */
function planBothEndsCooperate(walk: ProcedureWalk): LoopbackPlan {
  // (1) 两端同时打环测试,第一个打环点选择在距用户最近的电信局端,环向用户方向。
  const first = walk.step('1(1)', ENDS.map((end) => loop(end, 'nearestOffice', 'towardCustomer')));
  if (first.kind === 'nextTest') return first;
  // (2) 如果一端用户收不到环,可判定故障点在打环点和用户设备之间,可将下一个环测点移至用户端电信设备用户侧端口,环向用户。
  if (first.failedAt.length > 0) return refineAccess(walk, '1(2)', first.failedAt, []);

  // (3) 如果两端用户均收到环,可将打环点移至骨干出口,环向用户。
  const exits = walk.step('1(3)', ENDS.map((end) => loop(end, 'backboneExit', 'towardCustomer')));
  if (exits.kind === 'nextTest') return exits;
  // (4) 如果一端收不到环,可判定故障点在骨干出口与第一个环测点之间,可将打环点向用户侧移动直至发现故障点具体段落。
  if (exits.failedAt.length > 0) {
    return localised(exits.failedAt.map((end) => betweenBackboneExitAndOffice(end, 'movingLoopTowardCustomer', '1(4)')));
  }

  // (5) 两端处理部门可以协商由一端打环环向另一端来判定故障点是否在骨干段 … 打环点应将上一个打环点包括在内。
  return farEndLoopThenOnSiteTests(walk, farEndLoop('A', true), [], { far: '1(5)', after: '1(6)' });
}

/** 三.2: 无用户配合测试的一端应尽早派人前往用户端配合环测,在人员到达用户端之前,应尽可能多的进行可控段落的测试。 */
function planOneEndCooperates(walk: ProcedureWalk, present: CircuitEnd): LoopbackPlan {
  const absent = otherEnd(present);
  // (1) 第一个打环点选择在距用户最近的电信局端;有用户配合的一端面向用户做环;无用户配合的面向骨干方向做环,在其骨干出口挂表收环。
  const first = walk.step('2(1)', [loop(present, 'nearestOffice', 'towardCustomer'), loop(absent, 'nearestOffice', 'towardBackbone')]);
  if (first.kind === 'nextTest') return first;
  // (2) 有用户配合一端用户收不到环 → 打环点和用户设备之间,环测点移至用户端电信设备用户侧端口;
  //     无用户配合一端收不到环 → 骨干出口与第一个环测点之间,将环测点向骨干出口方向移动。
  if (first.failedAt.length > 0) {
    const localFaults = first.failedAt
      .filter((end) => end === absent)
      .map((end) => betweenBackboneExitAndOffice(end, 'movingLoopTowardBackboneExit', '2(2)'));
    return refineAccess(walk, '2(2)', first.failedAt.filter((end) => end === present), localFaults);
  }

  // (3) 有用户配合一端可将打环点移至骨干出口,环向用户;无用户配合一端可根据本端人员上门情况确定下一步测试方案。
  const far = farEndLoop(absent, false);
  const third = walk.step('2(3)', [loop(present, 'backboneExit', 'towardCustomer'), ...walk.onSiteTestsBeforeFarEnd(far, [absent])]);
  if (third.kind === 'nextTest') return third;
  // (4) 如果有用户配合的一端收不到环,可判定故障点在骨干出口与第一个环测点之间,可将打环点向远离骨干出口方向移动;
  // (5) 当所派人员按 1(1)/1(2) 的方法发现故障点段落,则测试结束。
  if (third.failedAt.length > 0) {
    const localFaults = third.failedAt
      .filter((end) => end === present)
      .map((end) => betweenBackboneExitAndOffice(end, 'movingLoopTowardCustomer', '2(4)'));
    return refineAccess(walk, '2(5)', third.failedAt.filter((end) => end === absent), localFaults);
  }

  // (5) 当所派人员未到用户端或环测试正常,由无用户配合的一端打环环向另一端 … 打环点应将上一个收环点包括在内。
  return farEndLoopThenOnSiteTests(walk, far, [absent], { far: '2(5)', after: '2(6)' });
}

/** 三.3: both ends send staff at once and test the segments they control until the staff arrive. */
function planNeitherEndCooperates(walk: ProcedureWalk): LoopbackPlan {
  // (1) 第一个打环点选择在距用户最近的电信局端,面向骨干方向做环,两端均在骨干出口挂表收环。
  const first = walk.step('3(1)', ENDS.map((end) => loop(end, 'nearestOffice', 'towardBackbone')));
  if (first.kind === 'nextTest') return first;
  // (2) 如果一端收不到,可判定故障点在骨干出口与第一个环测点之间,可将环测点向骨干出口方向移动直至发现故障点具体段落。
  if (first.failedAt.length > 0) {
    return localised(first.failedAt.map((end) => betweenBackboneExitAndOffice(end, 'movingLoopTowardBackboneExit', '3(2)')));
  }

  // (3) 如果两端均收到环,则可根据两端所派人员上门测试情况确定下一步的测试方案: staff who find the segment end the test.
  const far = farEndLoop('A', true);
  const third = walk.step('3(3)', walk.onSiteTestsBeforeFarEnd(far, ENDS));
  if (third.kind === 'nextTest') return third;
  if (third.failedAt.length > 0) return refineAccess(walk, '3(3)', third.failedAt, []);

  // The seed breaks off here. The rest repeats 2(5)-(6) for both ends; with no customer to watch it, the far-end loop
  // is received by a test set at the far backbone exit, as in 3(1).
  return farEndLoopThenOnSiteTests(walk, far, ENDS, { far: '3, past the cut-off: as 2(5)', after: '3, past the cut-off: as 2(6)' });
}

/**
 * 1(2), and the staff's method quoted in 2(5)-(6) and 3(3): the loop fails between the nearest office and the
 * customer equipment, so it moves to the customer-side port of the customer-site device, looped toward the customer.
 */
function refineAccess(walk: ProcedureWalk, rule: string, ends: readonly CircuitEnd[], alsoFound: readonly FaultySegment[]): LoopbackPlan {
  const moved = walk.step(rule, ends.map((end) => loop(end, 'customerSiteDevice', 'towardCustomer')));
  // The fault is already found: no more staff need to set out for this test.
  if (moved.kind === 'nextTest') return { ...moved, dispatchStaffTo: [] };
  const accessFaults = ends.map(
    (end): FaultySegment => ({
      segment: moved.failedAt.includes(end) ? 'siteDeviceToCustomerEquipment' : 'nearestOfficeToSiteDevice',
      end,
      rule,
    }),
  );
  return localised([...accessFaults, ...alsoFound]);
}

/**
 * 1(5)-(6), 2(5)-(6): one end loops toward the other to decide whether the backbone is at fault. If it is received,
 * the dispatched staff's own loops decide (当所派人员按第一种方法环测试正常,则两端均派人上用户端全程环测).
 */
function farEndLoopThenOnSiteTests(
  walk: ProcedureWalk,
  far: LoopSpec,
  absentEnds: readonly CircuitEnd[],
  rules: { readonly far: string; readonly after: string },
): LoopbackPlan {
  const farTest = walk.step(rules.far, [far]);
  if (farTest.kind === 'nextTest') return farTest;
  // 如果对端用户收不到环,故障点可以判定在骨干段,由骨干段的网络维护部门处理解决。
  if (farTest.failedAt.length > 0) return localised([{ segment: 'backbone', rule: rules.after }]);

  const onSite = walk.step(rules.after, absentEnds.map(onSiteTest).filter((test) => !walk.wasReached(test)));
  if (onSite.kind === 'nextTest') return onSite;
  if (onSite.failedAt.length > 0) return refineAccess(walk, rules.after, onSite.failedAt, []);
  return { kind: 'sendStaffToBothSites', rule: rules.after };
}

interface LoopSpec extends Loop {
  readonly mayBeSetFromOtherEnd: boolean;
}

type StepOutcome = NextTest | { readonly kind: 'recorded'; readonly failedAt: readonly CircuitEnd[] };

interface ResolvedRecord {
  readonly record: LoopTestRecord;
  readonly result: LoopResult;
}

/**
 * Replays the procedure against the recorded results. A step whose loops are all recorded yields the ends whose
 * loop was not received; otherwise it is the next test. Every record must be consulted on the way.
 */
class ProcedureWalk {
  private readonly records = new Map<string, ResolvedRecord>();
  private readonly reached = new Set<string>();
  private readonly absentEnds: readonly CircuitEnd[];
  private readonly staffOnSite: ReadonlySet<CircuitEnd>;

  constructor(private readonly input: LoopbackPlanInput) {
    const { cooperation } = input;
    this.absentEnds = ENDS.filter(
      (end) => cooperation.kind === 'neitherEnd' || (cooperation.kind === 'oneEnd' && cooperation.cooperatingEnd !== end),
    );
    this.staffOnSite = new Set(input.staffOnSite ?? []);
    for (const end of this.staffOnSite) {
      if (!this.absentEnds.includes(end)) {
        throw new LoopbackInputError(
          `Staff are listed on site at the ${end} end, but only an end whose customer cannot cooperate sends staff to its customer site`,
        );
      }
    }
    for (const record of input.records) this.add(record);
  }

  step(rule: string, loops: readonly LoopSpec[]): StepOutcome {
    const outstanding: LoopSpec[] = [];
    const failedAt: CircuitEnd[] = [];
    for (const spec of loops) {
      const found = this.find(spec);
      if (found === undefined) {
        outstanding.push(spec);
        continue;
      }
      this.reached.add(loopKey(found.record));
      if (found.result === 'notReceived') failedAt.push(spec.end);
    }
    if (outstanding.length === 0) return { kind: 'recorded', failedAt };
    return {
      kind: 'nextTest',
      rule,
      loops: outstanding.map((spec) => this.planned(spec)),
      dispatchStaffTo: this.absentEnds.filter((end) => !this.staffOnSite.has(end)),
    };
  }

  wasReached(loop: Loop): boolean {
    return this.reached.has(loopKey(loop));
  }

  /**
   * The staff's loops that come before the far-end loop. 2(5) lets the staff's loops decide first, and loops toward
   * the other end only 当所派人员未到用户端或 … 环测试正常. So a recorded far-end loop means the staff had not arrived
   * or were received when it was set: a later "not received" of theirs belongs after it, while "received" reads
   * the same on either side of it.
   */
  onSiteTestsBeforeFarEnd(far: LoopSpec, ends: readonly CircuitEnd[]): LoopSpec[] {
    const farDone = this.find(far) !== undefined;
    return ends.map(onSiteTest).filter((test) => {
      const result = this.records.get(loopKey(test))?.result;
      return farDone ? result === 'received' : result !== undefined || this.staffOnSite.has(test.end);
    });
  }

  assertEveryRecordReached(plan: LoopbackPlan): void {
    const where = plan.kind === 'nextTest' ? `it is waiting for ${plan.rule}` : 'it has already concluded';
    for (const { record } of this.records.values()) {
      if (!this.reached.has(loopKey(record))) {
        throw new LoopbackInputError(
          `A result is recorded for the ${describeLoop(record)}, but with the other results the procedure does not reach that loop: ${where}`,
        );
      }
    }
  }

  private add(record: LoopTestRecord): void {
    const observer = this.observerOf(record);
    if (observer.by === 'dispatchedStaff' && !this.staffOnSite.has(observer.end)) {
      throw new LoopbackInputError(
        `A result is recorded for the ${describeLoop(record)}, but the ${observer.end}-end customer cannot cooperate and no dispatched staff are on site there to observe it`,
      );
    }
    const reported = ENDS.filter((end) => record.results[end] !== undefined);
    const result = record.results[observer.end];
    if (result === undefined || reported.length !== 1) {
      throw new LoopbackInputError(
        `The ${describeLoop(record)} is observed at the ${observer.end} end only, but results are recorded for: ${reported.join(', ') || 'no end'}`,
      );
    }
    const key = loopKey(record);
    if (this.records.has(key)) throw new LoopbackInputError(`The ${describeLoop(record)} is recorded twice`);
    this.records.set(key, { record, result });
  }

  private find(spec: LoopSpec): ResolvedRecord | undefined {
    const own = this.records.get(loopKey(spec));
    if (own !== undefined || !spec.mayBeSetFromOtherEnd) return own;
    return this.records.get(loopKey({ ...spec, end: otherEnd(spec.end) }));
  }

  private observerOf(loop: Loop): Observer {
    switch (loop.direction) {
      case 'towardCustomer':
        return this.atCustomerSite(loop.end);
      case 'towardBackbone':
        return { end: loop.end, by: 'testSetAtBackboneExit' };
      case 'towardFarEnd': {
        const far = otherEnd(loop.end);
        // With no customer at either end, the far end receives it like 3(1): 两端均在骨干出口挂表收环。
        return this.input.cooperation.kind === 'neitherEnd' ? { end: far, by: 'testSetAtBackboneExit' } : this.atCustomerSite(far);
      }
    }
  }

  private atCustomerSite(end: CircuitEnd): Observer {
    return { end, by: this.absentEnds.includes(end) ? 'dispatchedStaff' : 'customer' };
  }

  private planned(spec: LoopSpec): PlannedLoop {
    const observedBy = this.observerOf(spec);
    const swap = spec.mayBeSetFromOtherEnd ? ` The two ends' departments may agree to set it from the ${otherEnd(spec.end)} end instead.` : '';
    return {
      end: spec.end,
      site: spec.site,
      direction: spec.direction,
      observedBy,
      mayBeSetFromOtherEnd: spec.mayBeSetFromOtherEnd,
      ask: `Set a ${describeLoop(spec)}; ${this.describeObserver(observedBy)}.${swap}`,
    };
  }

  private describeObserver({ end, by }: Observer): string {
    switch (by) {
      case 'customer':
        return `the ${end}-end customer reports whether it receives the loop`;
      case 'dispatchedStaff':
        return `${this.staffOnSite.has(end) ? 'the staff at' : 'once there, the staff sent to'} the ${end}-end customer site report whether they receive the loop`;
      case 'testSetAtBackboneExit':
        return `a test set hung at the ${end}-side backbone exit shows whether the loop is received`;
    }
  }
}

function loop(end: CircuitEnd, site: LoopSite, direction: LoopDirection): LoopSpec {
  return { end, site, direction, mayBeSetFromOtherEnd: false };
}

/** The staff's first loop on arrival, as in 1(1): at the nearest office, looped toward the customer. */
function onSiteTest(end: CircuitEnd): LoopSpec {
  return loop(end, 'nearestOffice', 'towardCustomer');
}

/**
 * 打环点应将上一个打环点(收环点)包括在内: set at the first loop point, the far-end loop keeps the backbone exit tested
 * before inside the looped path, so no piece between the two tests goes untested.
 */
function farEndLoop(end: CircuitEnd, mayBeSetFromOtherEnd: boolean): LoopSpec {
  return { end, site: 'nearestOffice', direction: 'towardFarEnd', mayBeSetFromOtherEnd };
}

function betweenBackboneExitAndOffice(
  end: CircuitEnd,
  narrowBy: 'movingLoopTowardCustomer' | 'movingLoopTowardBackboneExit',
  rule: string,
): FaultySegment {
  return { segment: 'backboneExitToNearestOffice', end, narrowBy, rule };
}

function localised(faults: readonly FaultySegment[]): FaultLocalised {
  return { kind: 'faultLocalised', faults };
}

function otherEnd(end: CircuitEnd): CircuitEnd {
  return end === 'A' ? 'Z' : 'A';
}

function loopKey({ end, site, direction }: Loop): string {
  return `${end}/${site}/${direction}`;
}

const SITE_NAMES: Record<LoopSite, (end: CircuitEnd) => string> = {
  customerSiteDevice: (end) => `customer-side port of the operator's device at the ${end}-end customer site`,
  nearestOffice: (end) => `operator office nearest the ${end}-end customer`,
  backboneExit: (end) => `${end}-side backbone exit`,
};

function describeLoop({ end, site, direction }: Loop): string {
  const toward = { towardCustomer: 'the customer', towardBackbone: 'the backbone', towardFarEnd: `the ${otherEnd(end)} end` }[direction];
  return `loop at the ${SITE_NAMES[site](end)}, looped toward ${toward}`;
}
