import { decodeCaller, encodeCaller } from './caller';

describe('caller header', () => {
  it('round-trips a customer user and drops unknown roles', () => {
    const header = encodeCaller({ sub: 'u1', username: '张三', roles: ['customer_user', 'root' as never], customerId: 'c1' });
    expect(decodeCaller(header)).toEqual({ sub: 'u1', username: '张三', roles: ['customer_user'], customerId: 'c1' });
  });

  it('refuses a header that is not a caller', () => {
    expect(decodeCaller(undefined)).toBeUndefined();
    expect(decodeCaller('not base64 json')).toBeUndefined();
    expect(decodeCaller(Buffer.from('{"sub":1}').toString('base64url'))).toBeUndefined();
  });
});
