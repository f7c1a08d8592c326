import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one, with a salt per hash', async () => {
    const a = await hashPassword('s3cret-长密码', 10);
    const b = await hashPassword('s3cret-长密码', 10);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('s3cret-长密码', a)).toBe(true);
    expect(await verifyPassword('s3cret-长密碼', a)).toBe(false);
    expect(await verifyPassword('', UNUSABLE_HASH)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});
