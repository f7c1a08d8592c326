import { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { AppError } from '../errors/app-error';

/** An aggregate with an optimistic version, bumped at every change. */
export interface Versioned {
  id: string;
  version: number;
}

/**
 * Locks one aggregate row for the transaction and checks the version the caller acted on (If-Match): the one
 * lock-and-check-version step of every action on a ticket or an order.
 */
export async function lockVersioned<E extends Versioned>(
  m: EntityManager,
  entity: EntityTarget<E>,
  req: { id: string; expectedVersion?: number },
  describe: { notFound: () => AppError; label: (row: E) => string },
): Promise<E> {
  const row = await m.findOne(entity, { where: { id: req.id } as FindOptionsWhere<E>, lock: { mode: 'pessimistic_write' } });
  if (!row) throw describe.notFound();
  if (req.expectedVersion !== undefined && req.expectedVersion !== row.version) {
    throw new AppError('STALE_VERSION', `${describe.label(row)} changed since version ${req.expectedVersion} (now ${row.version}): reload it`, {
      currentVersion: row.version,
    });
  }
  return row;
}
