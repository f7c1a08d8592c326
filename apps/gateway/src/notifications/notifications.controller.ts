import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import {
  DeliveryView,
  InboxCountView,
  InboxMessageView,
  ListDeliveriesQuery,
  ListInboxQuery,
  ListOutboxQuery,
  NotificationRuleView,
  NotifierRpc,
  OutboxMessageView,
  PutNotificationRuleBody,
  RuleKeyRequest,
} from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser, Staff } from '../identity/access';

class RuleKeyParam extends RuleKeyRequest {
  @ApiProperty({ example: 'crisis-a-escalated', description: 'Lower-case letters, digits and -' })
  override key!: string;
}

/** The dead letters are the deliveries with status `dead`: the same filters but the status. */
class ListDeadLettersQuery extends OmitType(ListDeliveriesQuery, ['status'] as const) {}

/**
 * Notifications (issue #14): what the notifier sent to whom (deliveries, dead letters, the local outbox of a
 * development installation), each user's in-app inbox, and the rules that decide who is told of what.
 */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly nats: NatsLink) {}

  @Get()
  @AnyUser()
  @ApiOperation({ summary: "Deliveries: each message to one recipient on one channel and what became of it (a customer's user: its own customer's)" })
  @ApiPage(DeliveryView)
  @ApiProblems(400)
  list(@Query() query: ListDeliveriesQuery) {
    return this.nats.send(NotifierRpc.listDeliveries, query);
  }

  @Get('dead-letters')
  @Allow()
  @ApiOperation({ summary: 'Dead letters: deliveries every attempt of which failed, or that could not be sent at all (admin)' })
  @ApiPage(DeliveryView)
  @ApiProblems(400)
  deadLetters(@Query() query: ListDeadLettersQuery) {
    return this.nats.send(NotifierRpc.listDeliveries, { ...query, status: 'dead' });
  }

  @Get('outbox')
  @Allow()
  @ApiOperation({ summary: 'The local outbox: SMS and e-mails kept instead of sent while no SMS_GATEWAY_URL or SMTP_URL is set (admin)' })
  @ApiPage(OutboxMessageView)
  @ApiProblems(400)
  outbox(@Query() query: ListOutboxQuery) {
    return this.nats.send(NotifierRpc.listOutbox, query);
  }

  @Get('inbox')
  @AnyUser()
  @ApiOperation({ summary: 'Your in-app inbox, newest first' })
  @ApiPage(InboxMessageView)
  @ApiProblems(400)
  inbox(@Query() query: ListInboxQuery) {
    return this.nats.send(NotifierRpc.listInbox, query);
  }

  @Get('inbox/count')
  @AnyUser()
  @ApiOperation({ summary: 'How many messages of your inbox are unread' })
  @ApiOkResponse({ type: InboxCountView })
  @ApiProblems()
  inboxCount() {
    return this.nats.send(NotifierRpc.countInbox, {});
  }

  @Post('inbox/read-all')
  @AnyUser()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every message of your inbox read' })
  @ApiOkResponse({ type: InboxCountView })
  @ApiProblems()
  readAll() {
    return this.nats.send(NotifierRpc.readAllInbox, {});
  }

  @Post('inbox/:id/read')
  @AnyUser()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a message of your inbox read' })
  @ApiOkResponse({ type: InboxMessageView })
  @ApiProblems(400, 404)
  read(@Param() { id }: IdParam) {
    return this.nats.send(NotifierRpc.readInbox, { id });
  }

  @Get('rules')
  @Staff()
  @ApiOperation({ summary: 'The notification rules: which event tells whom, on which channels, with which template' })
  @ApiOkResponse({ type: [NotificationRuleView] })
  @ApiProblems()
  rules() {
    return this.nats.send(NotifierRpc.listRules, {});
  }

  @Get('rules/:key')
  @Staff()
  @ApiOperation({ summary: 'One notification rule' })
  @ApiOkResponse({ type: NotificationRuleView })
  @ApiProblems(400, 404)
  rule(@Param() { key }: RuleKeyParam) {
    return this.nats.send(NotifierRpc.getRule, { key });
  }

  @Put('rules/:key')
  @Allow()
  @ApiOperation({ summary: 'Change a notification rule: recipients, templates, urgency, on or off; send only what changes (admin)' })
  @ApiOkResponse({ type: NotificationRuleView })
  @ApiProblems(400, 404, 412)
  putRule(@Param() { key }: RuleKeyParam, @Body() body: PutNotificationRuleBody) {
    return this.nats.send(NotifierRpc.putRule, { ...body, key });
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: "One delivery (a customer's user: its own customer's only)" })
  @ApiOkResponse({ type: DeliveryView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.nats.send(NotifierRpc.getDelivery, { id });
  }

  @Post(':id/retry')
  @Allow()
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again: back to pending, its attempts kept (admin)' })
  @ApiOkResponse({ type: DeliveryView })
  @ApiProblems(400, 404, 409)
  retry(@Param() { id }: IdParam) {
    return this.nats.send(NotifierRpc.retryDelivery, { id });
  }
}
