import { HistoryKind } from '@app/shared';

/**
 * Where each kind of a customer's service history comes from: a SELECT of (at, kind, id, customer_id, title,
 * status) over the feature's own table for the customer `$1`. The history is their union, newest first. What
 * is planned and not yet done is placed at the start of business (09:00 Beijing) of its planned date.
 */
export const HISTORY_SOURCES: Record<HistoryKind, string | null> = {
  visit: `SELECT COALESCE(occurred_at, ((planned_date + time '09:00') AT TIME ZONE 'Asia/Shanghai')) AS at, 'visit' AS kind, id, customer_id,
    (CASE kind WHEN 'routine' THEN '日常走访' WHEN 'first' THEN '陌生走访' WHEN 'festival' THEN '节日走访' ELSE '危机走访' END) || COALESCE('：' || purpose, '') AS title, status
    FROM visit WHERE customer_id = $1`,
  'follow-up': `SELECT created_at AS at, 'follow-up' AS kind, id, customer_id, action AS title, status FROM follow_up WHERE customer_id = $1`,
  inspection: `SELECT COALESCE(occurred_at, (planned_date || ' 09:00+08')::timestamptz) AS at, 'inspection' AS kind, id, customer_id, checklist_name AS title, status FROM inspection WHERE customer_id = $1`,
  danger: `SELECT found_at AS at, 'danger' AS kind, id, customer_id, label || '：' || observed AS title, status FROM hidden_danger WHERE customer_id = $1`,
  guarantee: `SELECT starts_at AS at, 'guarantee' AS kind, id, customer_id, number || ' ' || title AS title, status FROM guarantee WHERE customer_id = $1`,
  cutover: `SELECT window_start AS at, 'cutover' AS kind, id, $1::uuid AS customer_id, title, status FROM cutover WHERE customer_ids @> ARRAY[$1::uuid]`,
  drill: `SELECT COALESCE(occurred_at, ((planned_date + time '09:00') AT TIME ZONE 'Asia/Shanghai')) AS at, 'drill' AS kind, id, customer_id, title, status FROM activity WHERE customer_id = $1 AND kind = 'drill'`,
  exchange: `SELECT COALESCE(occurred_at, ((planned_date + time '09:00') AT TIME ZONE 'Asia/Shanghai')) AS at, 'exchange' AS kind, id, customer_id, title, status FROM activity WHERE customer_id = $1 AND kind = 'exchange'`,
  campaign: `SELECT created_at AS at, 'campaign' AS kind, id, $1::uuid AS customer_id, number || ' ' || title AS title, status FROM campaign WHERE customer_ids @> ARRAY[$1::uuid]`,
  fault: `SELECT opened_at AS at, 'fault' AS kind, id, customer_id, number AS title, status FROM known_ticket WHERE customer_id = $1 AND opened_at IS NOT NULL`,
};
