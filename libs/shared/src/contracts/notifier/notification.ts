import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EmptyRequest, event, rpc } from '../contract';
import { QueryBoolean } from '../mixins';
import { Page, PageQuery } from '../paging';
import { ROLES, Role } from '../../identity/caller';

/**
 * Notifications (issue #14): the notifier turns the platform's durable events into messages to people, by rules that
 * name the recipients and a Chinese template, and delivers each exactly once per (event, recipient, channel).
 */

/** SMS through the operator's SMS gateway, e-mail over SMTP, and the in-app inbox of a platform user. */
export const NOTIFICATION_CHANNELS = ['sms', 'email', 'inbox'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * pending: waiting for its first or next attempt (`nextAttemptAt`; held back by quiet hours or the rate limit, `heldReason`);
 * sending: an attempt is under way (leased); sent: the channel accepted it; dead: every attempt failed, or it cannot
 * be sent at all (no address): a dead letter an admin may retry.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Whom a message is for: the operator's own staff, or the customer's people (contacts, its portal users). */
export const AUDIENCES = ['staff', 'customer'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What a notification is about: the timeline it belongs on. */
export const NOTIFICATION_SUBJECTS = ['ticket', 'order', 'cutover', 'guarantee', 'complaint', 'visit', 'other'] as const;
export type NotificationSubject = (typeof NOTIFICATION_SUBJECTS)[number];

/**
 * Who a rule addresses. Customer records: `customer_contacts` (the customer's contacts), `escalation_list` (the
 * leaders on the customer's escalation list, 升级列表), `customer_manager` and `customer_engineer` (the users the
 * customer record names), `customer_users` (the customer's portal users). Users by role: `role:<role>`, optionally of
 * the event's unit (`unit:` of a dispatch leg). An order's three managers: `order_customer_manager`,
 * `order_business_manager`, `order_network_support_manager`, and `order_project_manager`. `reporter`: the phone the
 * fault was reported from; `feedback_contact`: the phone a feedback is sent to.
 */
export const RECIPIENT_KINDS = [
  'customer_contacts',
  'escalation_list',
  'customer_manager',
  'customer_engineer',
  'customer_users',
  'role',
  'unit',
  'order_customer_manager',
  'order_business_manager',
  'order_network_support_manager',
  'order_project_manager',
  'reporter',
  'feedback_contact',
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export class RecipientSpec {
  @ApiProperty({ enum: RECIPIENT_KINDS })
  @IsIn(RECIPIENT_KINDS)
  kind!: RecipientKind;

  @ApiPropertyOptional({ enum: ROLES, description: 'For `role` and `unit`: the users with this role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true, description: 'The channels this recipient is told on' })
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ArrayUnique()
  channels!: NotificationChannel[];
}

/** One rule: an event (optionally narrowed by a condition) → recipients on channels, with a Chinese template. */
export class NotificationRuleView {
  @ApiProperty({ example: 'crisis-a-escalated', description: 'The rule’s key' }) key!: string;
  @ApiProperty({ example: 'evt.fault.ticket.escalated.v1' }) eventType!: string;
  @ApiProperty({ description: 'When the rule applies, in words (the condition itself is code in the notifier’s rules module)' }) description!: string;
  @ApiProperty({ type: [RecipientSpec] }) recipients!: RecipientSpec[];
  @ApiProperty({ example: '【A级危机】{{number}} {{customer}}' }) titleTemplate!: string;
  @ApiProperty({ example: '{{customer}}电路{{circuit}}：{{symptom}}，预计恢复{{expectedAt}}' }) bodyTemplate!: string;
  @ApiProperty({ description: 'Urgent messages are sent in quiet hours and past the per-recipient SMS rate limit' }) urgent!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: '0 while the default is in force; +1 at every change' }) version!: number;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
  @ApiPropertyOptional() updatedBy?: string;
}

export class PutNotificationRuleBody {
  @ApiPropertyOptional({ type: [RecipientSpec] })
  @IsOptional()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RecipientSpec)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  recipients?: RecipientSpec[];

  @ApiPropertyOptional({ description: 'Placeholders {{name}}; each rule documents the ones its event fills' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  titleTemplate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  bodyTemplate?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() urgent?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({ description: 'The rule version this change was made against; a later one gets 412 STALE_VERSION' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedVersion?: number;
}

const RULE_KEY = /^[a-z0-9][a-z0-9-]{1,59}$/;

export class RuleKeyRequest {
  @Matches(RULE_KEY, { message: 'key must be a rule key' })
  key!: string;
}

export class PutNotificationRuleRequest extends PutNotificationRuleBody {
  @Matches(RULE_KEY, { message: 'key must be a rule key' })
  key!: string;
}

/**
 * One message to one recipient on one channel, and what became of it. A customer's own user sees its people's
 * deliveries without how they were made and sent: no event, rule, attempts, holds, provider or last error.
 */
export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The event it was made from (staff only)' }) eventId?: string;
  @ApiPropertyOptional({ description: 'Staff only' }) eventType?: string;
  @ApiPropertyOptional({ description: 'The rule that made it (staff only)' }) rule?: string;
  @ApiProperty({ enum: NOTIFICATION_SUBJECTS }) subjectType!: NotificationSubject;
  @ApiPropertyOptional({ format: 'uuid' }) subjectId?: string;
  @ApiPropertyOptional({ description: 'The ticket or order number' }) subjectNumber?: string;
  @ApiPropertyOptional({ format: 'uuid' }) customerId?: string;
  @ApiProperty({ enum: AUDIENCES }) audience!: Audience;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: NotificationChannel;
  @ApiProperty({ example: '王经理' }) recipientName!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The platform user it is for, when it is one' }) recipientUserId?: string;
  @ApiProperty({ description: 'Phone number, e-mail address, or the user for the inbox' }) address!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiPropertyOptional({ description: 'Staff only' }) attempts?: number;
  @ApiPropertyOptional({ format: 'date-time' }) nextAttemptAt?: string;
  @ApiPropertyOptional({ description: 'Why it waits: quiet hours or the SMS rate limit' }) heldReason?: string;
  @ApiPropertyOptional({ description: 'Staff only' }) lastError?: string;
  @ApiPropertyOptional({ description: 'The id the SMS gateway or mail server gave the message' }) providerId?: string;
  @ApiPropertyOptional({ description: 'Where it went: the SMS gateway, the mail server, or the local outbox (development)' }) provider?: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS }) @IsOptional() @IsIn(NOTIFICATION_CHANNELS) channel?: NotificationChannel;
  @ApiPropertyOptional({ enum: NOTIFICATION_SUBJECTS }) @IsOptional() @IsIn(NOTIFICATION_SUBJECTS) subjectType?: NotificationSubject;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() subjectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ example: 'evt.fault.ticket.escalated.v1' }) @IsOptional() @IsString() @MaxLength(100) eventType?: string;
  @ApiPropertyOptional({ example: 'crisis-a-escalated' }) @IsOptional() @IsString() @MaxLength(60) rule?: string;
  @ApiPropertyOptional({ description: 'Part of the recipient’s name or address' }) @IsOptional() @IsString() @MaxLength(100) recipient?: string;
}

export class DeliveryIdRequest {
  @IsUUID() id!: string;
}

/** A message in a user's in-app inbox. */
export class InboxMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ description: 'Where to act on it: the API path of the ticket, order or cutover notice', example: '/api/v1/faults/…' }) link?: string;
  @ApiProperty({ enum: NOTIFICATION_SUBJECTS }) subjectType!: NotificationSubject;
  @ApiPropertyOptional({ format: 'uuid' }) subjectId?: string;
  @ApiPropertyOptional() subjectNumber?: string;
  @ApiPropertyOptional({ format: 'uuid' }) customerId?: string;
  @ApiProperty() urgent!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent while unread' }) readAt?: string;
}

export class ListInboxQuery extends PageQuery {
  @QueryBoolean('true: only unread messages; false: only read ones')
  unread?: boolean;
}

export class InboxMessageRequest {
  @IsUUID() id!: string;
}

export class InboxCountView {
  @ApiProperty() unread!: number;
}

/** A message the local outbox kept instead of sending it (no SMS_GATEWAY_URL or SMTP_URL configured). */
export class OutboxMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: 'sms' | 'email';
  @ApiProperty() to!: string;
  @ApiPropertyOptional() subject?: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ListOutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['sms', 'email'] }) @IsOptional() @IsIn(['sms', 'email']) channel?: 'sms' | 'email';
}

export const NotifierRpc = {
  listDeliveries: rpc<ListDeliveriesQuery, Page<DeliveryView>>('rpc.notifier.deliveries.list', ListDeliveriesQuery),
  getDelivery: rpc<DeliveryIdRequest, DeliveryView>('rpc.notifier.deliveries.get', DeliveryIdRequest),
  /** A dead letter sent again (admins): back to pending, due now, its attempts counted from 0 again. */
  retryDelivery: rpc<DeliveryIdRequest, DeliveryView>('rpc.notifier.deliveries.retry', DeliveryIdRequest),
  listOutbox: rpc<ListOutboxQuery, Page<OutboxMessageView>>('rpc.notifier.outbox.list', ListOutboxQuery),
  listInbox: rpc<ListInboxQuery, Page<InboxMessageView>>('rpc.notifier.inbox.list', ListInboxQuery),
  countInbox: rpc<EmptyRequest, InboxCountView>('rpc.notifier.inbox.count', EmptyRequest),
  readInbox: rpc<InboxMessageRequest, InboxMessageView>('rpc.notifier.inbox.read', InboxMessageRequest),
  readAllInbox: rpc<EmptyRequest, InboxCountView>('rpc.notifier.inbox.read-all', EmptyRequest),
  listRules: rpc<EmptyRequest, NotificationRuleView[]>('rpc.notifier.rules.list', EmptyRequest),
  getRule: rpc<RuleKeyRequest, NotificationRuleView>('rpc.notifier.rules.get', RuleKeyRequest),
  putRule: rpc<PutNotificationRuleRequest, NotificationRuleView>('rpc.notifier.rules.put', PutNotificationRuleRequest),
};

/** A message put in a user's inbox: the gateway pushes it on that user's event stream (and no one else's). */
export class InboxMessageAddedData {
  @IsUUID() messageId!: string;
  @IsUUID() userId!: string;
  @IsOptional() @IsUUID() customerId?: string;
  @IsString() title!: string;
  @IsString() body!: string;
  @IsOptional() @IsString() link?: string;
  @IsIn(NOTIFICATION_SUBJECTS) subjectType!: NotificationSubject;
  @IsOptional() @IsUUID() subjectId?: string;
  @IsOptional() @IsString() subjectNumber?: string;
  @IsBoolean() urgent!: boolean;
  @IsString() createdAt!: string;
}

/**
 * A delivery reached a final state (sent, or dead): the owning service shows it on the ticket's or order's timeline.
 * The address is left out (a customer reading the timeline sees who was told, not the number).
 */
export class DeliveryRecordedData {
  @IsUUID() deliveryId!: string;
  @IsUUID() eventId!: string;
  @IsString() rule!: string;
  @IsIn(NOTIFICATION_SUBJECTS) subjectType!: NotificationSubject;
  @IsOptional() @IsUUID() subjectId?: string;
  @IsOptional() @IsString() subjectNumber?: string;
  @IsOptional() @IsUUID() customerId?: string;
  @IsIn(AUDIENCES) audience!: Audience;
  @IsIn(NOTIFICATION_CHANNELS) channel!: NotificationChannel;
  @IsString() recipientName!: string;
  @IsIn(['sent', 'dead']) status!: 'sent' | 'dead';
  @IsInt() attempts!: number;
  @IsOptional() @IsString() providerId?: string;
  @IsString() title!: string;
  @IsString() at!: string;
}

/**
 * A delivery as the ticket's or order's own service shows it (from `DeliveryRecordedData`): who was told, how, and
 * whether it reached them. A customer's user sees only those to the customer (audience `customer`).
 */
export class SubjectNotificationView {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ description: 'The notifier rule that made it', example: 'feedback-sms' }) rule!: string;
  @ApiProperty({ enum: AUDIENCES }) audience!: Audience;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: NotificationChannel;
  @ApiProperty({ example: '张工' }) recipientName!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['sent', 'dead'] }) status!: 'sent' | 'dead';
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time', description: 'When it was sent, or given up' }) at!: string;
}

export const NotifierEvents = {
  inboxAdded: event<InboxMessageAddedData>('evt.notifier.inbox.added.v1', InboxMessageAddedData),
  deliveryRecorded: event<DeliveryRecordedData>('evt.notifier.delivery.recorded.v1', DeliveryRecordedData),
};

/** A platform user as the notifier's directory knows it, from the gateway's user events. */
export class UserChangedData {
  @IsUUID() userId!: string;
  @IsString() username!: string;
  @IsString() displayName!: string;
  @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsOptional() @IsUUID() customerId?: string;
  /** The handling unit (处理工位) a handling_unit user works for, as dispatch legs name it. */
  @IsOptional() @IsString() unit?: string;
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsString() email?: string;
  @IsBoolean() active!: boolean;
  @IsString() at!: string;
}

export const GatewayEvents = {
  userChanged: event<UserChangedData>('evt.gateway.user.changed.v1', UserChangedData),
};
