import { expectEventually } from './eventually';
import type { ApiClient } from './platform';
import { circuitRequest } from './requests';

type Http = () => ApiClient;
let seq = 0;
/** The services' time in a test platform (its ManualClock), so a default fault time is never in their future. */
let now: () => Date = () => new Date();

export function useFactoryClock(clock: () => Date): void {
  now = clock;
}

const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`.toUpperCase();

export interface CustomerFixture {
  id: string;
  code: string;
  name: string;
  tier: string;
}

export interface CircuitFixture {
  id: string;
  code: string;
  serviceType: string;
}

export async function createCustomer(http: Http, overrides: Record<string, unknown> = {}): Promise<CustomerFixture> {
  const code = `CUST-${next()}`;
  const res = await http()
    .post('/api/v1/customers')
    .send({ code, name: `客户 ${code}`, industry: 'finance', tier: 'gold', ...overrides })
    .expect(201);
  return res.body as CustomerFixture;
}

export async function createCircuit(http: Http, customer: CustomerFixture, overrides: Record<string, unknown> = {}): Promise<CircuitFixture> {
  const res = await http()
    .post('/api/v1/circuits')
    .send(circuitRequest(`CIR-${next()}`, customer.id, overrides))
    .expect(201);
  return res.body as CircuitFixture;
}

export function intake(customer: CustomerFixture, circuit: CircuitFixture, overrides: Record<string, unknown> = {}) {
  return {
    customerCode: customer.code,
    customerName: customer.name,
    serviceType: circuit.serviceType,
    circuitCode: circuit.code,
    direction: '广州—北京总行',
    faultAt: now().toISOString(),
    symptom: '视频会议中断，光端机LOS告警',
    reporterName: '张工',
    reporterContact: '13800000000',
    channel: 'hotline',
    ...overrides,
  };
}

/** Reports a fault once the fault service has learned of the circuit from provisioning's events. */
export async function openFault(http: Http, customer: CustomerFixture, circuit: CircuitFixture, overrides: Record<string, unknown> = {}) {
  let body: Record<string, unknown> = {};
  await expectEventually(async () => {
    const res = await http().post('/api/v1/faults').send(intake(customer, circuit, overrides));
    expect(res.status).toBe(201);
    body = res.body;
  });
  return body as { id: string; number: string; legs: { id: string; segment: string }[] } & Record<string, unknown>;
}

/** A provisioning order's request body: a new MSTP circuit for the customer, due at the end of 2026. */
export function orderRequest(customer: { id: string }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: customer.id,
    type: 'new',
    circuitCode: `ORD-${next()}`,
    serviceType: 'mstp',
    bandwidthMbps: 100,
    aEnd: { address: '广州市天河区某支行', city: '广州', province: '广东' },
    zEnd: { address: '北京市西城区某总行', city: '北京', province: '北京' },
    grade: 'AA',
    business: '分行视频会议',
    importance: 'high',
    protection: 'main',
    requiredBy: '2026-12-31',
    urgent: false,
    progressReportsRequired: true,
    crossDomain: true,
    toAnotherCarrier: false,
    aEndCircuit: false,
    customerManager: '王经理',
    businessManager: '李经理',
    networkSupportManager: '赵工',
    ...overrides,
  };
}
