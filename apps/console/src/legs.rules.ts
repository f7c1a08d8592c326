/** The user as the console knows it: its roles, and the handling unit it works for (a handling unit's user). */
export interface LegActor {
  roles: readonly string[];
  unit?: string | null;
}

/**
 * Whether the user may accept, report progress on and return the result of a leg dispatched to `unit`, as the fault
 * service decides it: the NOC and administrators act on any leg, a handling unit's user on its own unit's legs only
 * (another unit's is refused with 403), a user of no unit on none.
 */
export function mayActOnLeg(user: LegActor, unit: string): boolean {
  if (user.roles.some((r) => r === 'admin' || r === 'noc')) return true;
  return user.roles.includes('handling_unit') && Boolean(user.unit) && user.unit === unit;
}
