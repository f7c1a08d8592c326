import { mayActOnLeg } from './legs.rules';

const GZ = '广州本地网传输中心';
const BJ = '北京本地网传输中心';

describe('who may act on a dispatch leg', () => {
  it("lets a handling unit's user act on its own unit's legs only", () => {
    const gz = { roles: ['handling_unit'], unit: GZ };
    expect(mayActOnLeg(gz, GZ)).toBe(true);
    expect(mayActOnLeg(gz, BJ)).toBe(false);
  });

  it('lets a handling unit user of no unit act on no leg', () => {
    expect(mayActOnLeg({ roles: ['handling_unit'], unit: null }, GZ)).toBe(false);
    expect(mayActOnLeg({ roles: ['handling_unit'] }, GZ)).toBe(false);
  });

  it('lets the NOC and administrators act on any leg, whatever unit they name', () => {
    expect(mayActOnLeg({ roles: ['noc'] }, BJ)).toBe(true);
    expect(mayActOnLeg({ roles: ['admin'], unit: GZ }, BJ)).toBe(true);
    expect(mayActOnLeg({ roles: ['handling_unit', 'noc'], unit: GZ }, BJ)).toBe(true);
  });

  it('lets no other role act on a leg', () => {
    expect(mayActOnLeg({ roles: ['customer_manager'] }, GZ)).toBe(false);
    expect(mayActOnLeg({ roles: ['customer_user'] }, GZ)).toBe(false);
  });
});
