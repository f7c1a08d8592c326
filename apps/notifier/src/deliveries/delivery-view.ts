import { DeliveryRecordedData, DeliveryView } from '@app/shared';
import { Delivery } from './delivery.entities';

/** What a delivery is about and whom it is for: the part its view and its event share. */
function aboutWhomAndWhat(d: Delivery) {
  return {
    subjectType: d.subjectType,
    ...(d.subjectId ? { subjectId: d.subjectId } : {}),
    ...(d.subjectNumber ? { subjectNumber: d.subjectNumber } : {}),
    ...(d.customerId ? { customerId: d.customerId } : {}),
    audience: d.audience,
    channel: d.channel,
    recipientName: d.recipientName,
  };
}

/**
 * What a customer's own user sees of a delivery to its people: whom, what and whether it went. Not how the platform
 * made it (event, rule) nor how sending went (attempts, holds, the provider, its id, the last error — which can name
 * internal hosts).
 */
export function customerDeliveryView(d: Delivery): DeliveryView {
  return {
    id: d.id,
    ...aboutWhomAndWhat(d),
    ...(d.recipientUserId ? { recipientUserId: d.recipientUserId } : {}),
    address: d.address,
    title: d.title,
    body: d.body,
    status: d.status,
    ...(d.sentAt ? { sentAt: d.sentAt.toISOString() } : {}),
    createdAt: d.createdAt.toISOString(),
  };
}

/** The staff's view: the customer's, and how the platform made and sent it. */
export function deliveryView(d: Delivery): DeliveryView {
  return {
    ...customerDeliveryView(d),
    eventId: d.eventId,
    eventType: d.eventType,
    rule: d.rule,
    attempts: d.attempts,
    ...(d.nextAttemptAt ? { nextAttemptAt: d.nextAttemptAt.toISOString() } : {}),
    ...(d.heldReason ? { heldReason: d.heldReason } : {}),
    ...(d.lastError ? { lastError: d.lastError } : {}),
    ...(d.providerId ? { providerId: d.providerId } : {}),
    ...(d.provider ? { provider: d.provider } : {}),
  };
}

/** The event of a delivery that reached its final state (sent or dead), for the ticket's or order's timeline. */
export function deliveryRecorded(d: Delivery & { status: 'sent' | 'dead' }, at: Date): DeliveryRecordedData {
  return {
    deliveryId: d.id,
    eventId: d.eventId,
    rule: d.rule,
    ...aboutWhomAndWhat(d),
    status: d.status,
    attempts: d.attempts,
    ...(d.providerId ? { providerId: d.providerId } : {}),
    title: d.title,
    at: at.toISOString(),
  };
}
