/** The vocabulary of the guided loop-back test (打环测试, seed 002 §2.3.1.5): ends, loop points, results, plans. */

export type CircuitEnd = 'A' | 'Z';

/** 用户端电信设备用户侧端口 / 距用户最近的电信局端 (the first loop point) / 骨干出口. */
export type LoopSite = 'customerSiteDevice' | 'nearestOffice' | 'backboneExit';

/** 环向用户 / 面向骨干方向做环 / 环向另一端. */
export type LoopDirection = 'towardCustomer' | 'towardBackbone' | 'towardFarEnd';

/** 收到环 / 收不到环. */
export type LoopResult = 'received' | 'notReceived';

/** 两端用户可以配合测试 / 一端用户可以配合测试 / 两端用户均不可以配合测试. */
export type Cooperation =
  | { readonly kind: 'bothEnds' }
  | { readonly kind: 'oneEnd'; readonly cooperatingEnd: CircuitEnd }
  | { readonly kind: 'neitherEnd' };

/** A loop: the end and point where it is set, and which way it faces. */
export interface Loop {
  readonly end: CircuitEnd;
  readonly site: LoopSite;
  readonly direction: LoopDirection;
}

export interface LoopTestRecord extends Loop {
  /** The result, keyed by the end where the loop is observed (exactly one end per loop). */
  readonly results: Readonly<Partial<Record<CircuitEnd, LoopResult>>>;
}

export interface Observer {
  readonly end: CircuitEnd;
  /** 用户 or 所派人员 at the customer site, or a test set hung at the backbone exit (骨干出口挂表收环). */
  readonly by: 'customer' | 'dispatchedStaff' | 'testSetAtBackboneExit';
}

export interface PlannedLoop extends Loop {
  readonly observedBy: Observer;
  /** 两端处理部门可以协商由一端打环: the same loop set from the other end serves as well. */
  readonly mayBeSetFromOtherEnd: boolean;
  /** What to ask the people at the ends, in words. */
  readonly ask: string;
}

export interface NextTest {
  readonly kind: 'nextTest';
  readonly rule: string;
  /** Loops set at the same time (两端同时打环测试); only those whose result is not recorded yet. */
  readonly loops: readonly PlannedLoop[];
  /** Ends whose customer cannot cooperate and whose staff are not at the customer site yet: 应尽早派人前往用户端. */
  readonly dispatchStaffTo: readonly CircuitEnd[];
}

export type FaultySegment =
  | {
      /** Split by the loop at the customer-site device (1(2)): received there clears its customer side. */
      readonly segment: 'nearestOfficeToSiteDevice' | 'siteDeviceToCustomerEquipment';
      readonly end: CircuitEnd;
      readonly rule: string;
    }
  | {
      /** 骨干出口与第一个环测点之间; the exact section is found by moving the loop point step by step. */
      readonly segment: 'backboneExitToNearestOffice';
      readonly end: CircuitEnd;
      readonly narrowBy: 'movingLoopTowardCustomer' | 'movingLoopTowardBackboneExit';
      readonly rule: string;
    }
  | {
      /** 由骨干段的网络维护部门处理解决. */
      readonly segment: 'backbone';
      readonly rule: string;
    };

export interface FaultLocalised {
  readonly kind: 'faultLocalised';
  readonly faults: readonly FaultySegment[];
}

/** 两端派人上用户端全程环测; if that finds nothing either, the difficult-fault procedure follows (一.4). */
export interface SendStaffToBothSites {
  readonly kind: 'sendStaffToBothSites';
  readonly rule: string;
}

export type LoopbackPlan = NextTest | FaultLocalised | SendStaffToBothSites;

export interface LoopbackPlanInput {
  readonly cooperation: Cooperation;
  /** Ends whose customer cannot cooperate and whose dispatched staff have reached the customer site (人员上门). */
  readonly staffOnSite?: readonly CircuitEnd[];
  /** Loops tested so far, in any order. */
  readonly records: readonly LoopTestRecord[];
}

/** A recorded test the procedure would not have reached, or contradictory input. */
export class LoopbackInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoopbackInputError';
  }
}
