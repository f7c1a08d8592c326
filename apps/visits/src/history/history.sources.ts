import { HistoryKind } from '@app/shared';

/**
 * Where each kind of a customer's service history comes from: a SELECT of (at, kind, id, customer_id, title,
 * status) over the feature's own table for the customer `$1`. The history is their union, newest first.
 */
export const HISTORY_SOURCES: Record<HistoryKind, string | null> = {
  visit: null,
  'follow-up': null,
  inspection: null,
  danger: null,
  guarantee: `SELECT starts_at AS at, 'guarantee' AS kind, id, customer_id, number || ' ' || title AS title, status FROM guarantee WHERE customer_id = $1`,
  cutover: `SELECT window_start AS at, 'cutover' AS kind, id, $1::uuid AS customer_id, title, status FROM cutover WHERE $1::uuid = ANY(customer_ids)`,
  drill: null,
  exchange: null,
  campaign: null,
  fault: `SELECT opened_at AS at, 'fault' AS kind, id, customer_id, number AS title, status FROM known_ticket WHERE customer_id = $1 AND opened_at IS NOT NULL`,
};
