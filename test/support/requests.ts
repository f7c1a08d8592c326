/** Request bodies the tests and the chaos run send, free of any test framework so both can import them. */

/** A circuit of a customer: an MSTP line from a Guangzhou branch to the Beijing head office. */
export function circuitRequest(code: string, customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    customerId,
    serviceType: 'mstp',
    bandwidthMbps: 100,
    aEnd: { address: '广州市天河区某大厦3楼', city: '广州', province: '广东' },
    zEnd: { address: '北京市西城区某总行机房', city: '北京', province: '北京' },
    grade: 'AA',
    business: '总行视频会议系统',
    importance: 'high',
    protection: 'main',
    ...overrides,
  };
}
