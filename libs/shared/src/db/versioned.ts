import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
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

/**
 * Writes back a row this transaction loaded (and locked): one UPDATE of its columns by primary key. TypeORM's `save`
 * reads the row again first to find what changed, a round trip the hot paths of every action do not need.
 */
export async function updateLoaded<E extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<E>, row: E): Promise<void> {
  const metadata = m.connection.getMetadata(entity);
  const values: Record<string, unknown> = {};
  for (const column of metadata.columns) {
    if (column.isPrimary || column.isVirtual || !column.isUpdate) continue;
    const value: unknown = column.getEntityValue(row);
    if (value !== undefined) values[column.propertyName] = value;
  }
  await m.update(entity, metadata.getEntityIdMap(row) as FindOptionsWhere<E>, values as never);
}
