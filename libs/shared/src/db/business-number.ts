import { EntityManager } from 'typeorm';
import { localDate } from '../calendar/working-calendar';

/** Numbers people read on the phone: a letter, the Beijing date and a running number, e.g. F20261122000123. */
export function businessNumber(prefix: string, at: Date, sequence: number): string {
  return `${prefix}${localDate(at).replace(/-/g, '')}${String(sequence).padStart(6, '0')}`;
}

/** The next number from a Postgres sequence of the service's schema. */
export async function nextBusinessNumber(m: EntityManager, sequence: string, prefix: string, at: Date): Promise<string> {
  if (!/^[a-z_]+$/.test(sequence)) throw new Error(`Unsafe sequence name: ${sequence}`);
  const [{ seq }] = (await m.query(`SELECT nextval('${sequence}') AS seq`)) as { seq: string }[];
  return businessNumber(prefix, at, Number(seq));
}
