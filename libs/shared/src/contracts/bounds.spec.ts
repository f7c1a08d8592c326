import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CooperationDto, LoopTestBody } from './fault/loopback';
import { PutResolutionLimitsBody } from './fault/resolution-limits';
import { DispatchBody } from './fault/ticket.requests';
import { PageQuery } from './paging';
import { CreateCircuitRequest, UpdateCircuitBody } from './provisioning/circuit';
import { OrderEndDto, PlanBody, ReviewOrderBody } from './provisioning/order';
import { ResourceCheckBody } from './provisioning/presale';
import { PutSettingsRequest } from './settings/settings';

type Ctor = new () => object;

/** The fields a contract refuses in this body (top level), with the constraints that refused them. */
function refused(type: Ctor, body: Record<string, unknown>): Record<string, string[]> {
  return Object.fromEntries(validateSync(plainToInstance(type, body)).map((e) => [e.property, Object.keys(e.constraints ?? { nested: '' })]));
}

const times = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
const end = { address: '广州市天河区某大厦', city: '广州', province: '广东' };
const leg = { unit: '广州本地网', segment: 'a_access' };
const planSegment = { name: 'A端接入', from: '2026-12-01', to: '2026-12-10' };
const checkSegment = { segment: 'A端接入', result: 'available' };

/** Each bound the hostile corpus (test/e2e/hostile-corpus) found missing: the last allowed value passes, one more is refused. */
describe('contract bounds', () => {
  it('bounds every array of a request by its domain size', () => {
    expect(refused(DispatchBody, { legs: times(20, leg) })).toEqual({});
    expect(refused(DispatchBody, { legs: times(21, leg) })).toEqual({ legs: ['arrayMaxSize'] });
    expect(refused(PlanBody, { summary: '方案', segments: times(51, planSegment) })).toEqual({ segments: ['arrayMaxSize'] });
    expect(refused(PlanBody, { summary: '方案', segments: times(50, planSegment) })).toEqual({});
    expect(refused(ResourceCheckBody, { segments: times(51, checkSegment) }).segments).toContain('arrayMaxSize');
    expect(refused(PutResolutionLimitsBody, { rows: times(201, { limitMinutes: 240 }) })).toEqual({ rows: ['arrayMaxSize'] });
    expect(refused(PutResolutionLimitsBody, { rows: times(200, { limitMinutes: 240 }) })).toEqual({});
    expect(refused(CooperationDto, { cooperation: 'bothEnds', staffOnSite: ['A', 'Z', 'A'] })).toEqual({ staffOnSite: ['arrayMaxSize'] });
  });

  it('refuses an array item that is not an object (it reached the services as one and failed there)', () => {
    expect(refused(DispatchBody, { legs: [[leg]] })).toEqual({ legs: ['isObject'] });
    expect(refused(PutResolutionLimitsBody, { rows: [[{ limitMinutes: 240 }]] })).toEqual({ rows: ['isObject'] });
  });

  it('requires a nested part to be there and to be an object', () => {
    expect(Object.keys(refused(CreateCircuitRequest, { code: 'C-1', customerId: '00000000-0000-4000-8000-000000000000', zEnd: end }))).toContain('aEnd');
    expect(refused(LoopTestBody, { end: 'A', site: 'nearestOffice', direction: 'towardCustomer' })).toEqual({ situation: ['isObject'], results: ['isObject'] });
    expect(refused(LoopTestBody, { situation: [], results: 'x', end: 'A', site: 'nearestOffice', direction: 'towardCustomer' }).situation).toContain('isObject');
  });

  it('refuses null for a field a change may leave out, instead of writing it', () => {
    expect(refused(UpdateCircuitBody, {})).toEqual({});
    expect(refused(UpdateCircuitBody, { grade: null, business: null, state: null })).toEqual({ grade: ['isIn'], business: ['isLength', 'isString'], state: ['isIn'] });
  });

  it('validates a conditional field whenever it is sent', () => {
    expect(refused(OrderEndDto, { ...end, viaGateway: 'x'.repeat(100_000) })).toEqual({ viaGateway: ['isLength'] });
    expect(refused(OrderEndDto, { ...end })).toEqual({});
    expect(refused(ReviewOrderBody, { decision: 'approve', projectManager: '赵工', reason: 42 })).toEqual({ reason: ['isLength', 'isString'] });
    expect(refused(ReviewOrderBody, { decision: 'return', reason: '资料不全', projectManager: 42 })).toEqual({ projectManager: ['isLength', 'isString'] });
    expect(refused(CooperationDto, { cooperation: 'bothEnds', cooperatingEnd: 'X' })).toEqual({ cooperatingEnd: ['isIn'] });
  });

  it('bounds paging offsets and settings versions', () => {
    expect(refused(PageQuery, { offset: '1000000' })).toEqual({});
    expect(refused(PageQuery, { offset: '1000001' })).toEqual({ offset: ['max'] });
    expect(refused(PageQuery, { offset: '1e308' })).toEqual({ offset: ['max'] });
    expect(refused(PutSettingsRequest, { values: {}, expectedVersion: 1e308 })).toEqual({ expectedVersion: ['max'] });
  });

});
