import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength, Min, ValidateIf } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';
import { StatedTime } from '../stated-time';

/**
 * Cutover coordination (割接通知服务, DOMAIN.md §3, seed 000 cases 33–35): a planned window over circuits; each
 * affected customer is notified a lead time ahead and answers; the window goes to fault once every one has agreed;
 * the executed window is recorded and a deviation from the agreed one flagged.
 */
export const CUTOVER_STATUSES = ['awaiting-answers', 'agreed', 'executed', 'cancelled'] as const;
export type CutoverStatus = (typeof CUTOVER_STATUSES)[number];
export const CUTOVER_ANSWERS = ['agree', 'refuse', 'propose'] as const;
export type CutoverAnswerKind = (typeof CUTOVER_ANSWERS)[number];
export const NOTICE_CHANNELS = ['phone', 'sms', 'email', 'letter', 'portal'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

const ISO = { strict: true, strictSeparator: true } as const;

export class CutoverWindowBody {
  @ApiProperty({ format: 'date-time', description: 'Start of the window; in the future' }) @IsISO8601(ISO) windowStart!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the window; after its start' }) @IsISO8601(ISO) windowEnd!: string;
}

export class CreateCutoverBody extends CutoverWindowBody {
  @ApiProperty({ example: '城域网核心设备升级割接' }) @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ description: 'Why the cutover is done and what it does' }) @IsString() @Length(1, 4000) description!: string;
  @ApiProperty({ type: [String], description: 'The affected circuits; each customer owning one of them is notified and must agree' })
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  circuitCodes!: string[];
  @ApiProperty({ description: 'Who plans the cutover and sets a new window after a refusal' }) @IsString() @Length(1, 100) owner!: string;
}

export class RescheduleCutoverBody extends CutoverWindowBody {
  @ApiProperty({ example: '客户要求避开月末结算' }) @IsString() @Length(1, 2000) reason!: string;
}

export class CutoverAnswerBody {
  @ApiProperty({ enum: CUTOVER_ANSWERS }) @IsIn(CUTOVER_ANSWERS) answer!: CutoverAnswerKind;
  @ApiPropertyOptional({ description: 'Required with a refusal' })
  @ValidateIf((o: CutoverAnswerBody) => o.answer === 'refuse' || o.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  reason?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'With a proposal: the window the customer proposes' })
  @ValidateIf((o: CutoverAnswerBody) => o.answer === 'propose' || o.proposedStart !== undefined)
  @IsISO8601(ISO)
  proposedStart?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @ValidateIf((o: CutoverAnswerBody) => o.answer === 'propose' || o.proposedEnd !== undefined)
  @IsISO8601(ISO)
  proposedEnd?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "Staff answering on a customer's behalf name the customer; a customer's user answers for its own" })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}

export class NoticeSentBody {
  @ApiProperty({ enum: NOTICE_CHANNELS }) @IsIn(NOTICE_CHANNELS) channel!: NoticeChannel;
  @ApiProperty({ description: 'Who was notified (name, phone, address)' }) @IsString() @Length(1, 200) to!: string;
  @StatedTime('When the notice was delivered (default now): not in the future, not before the notice, at most maxBackdateMinutes back')
  sentAt?: string;
}

export class CutoverExecutedBody {
  @ApiProperty({ format: 'date-time', description: 'When the work actually started' }) @IsISO8601(ISO) startedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the work actually ended; not in the future' }) @IsISO8601(ISO) endedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 4000) note?: string;
}

export class CancelCutoverBody {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

export class CutoverIdRequest {
  @IsUUID() id!: string;
}
export class CreateCutoverRequest extends CreateCutoverBody {}
export class RescheduleCutoverRequest extends RescheduleCutoverBody {
  @IsUUID() id!: string;
}
export class CutoverAnswerRequest extends CutoverAnswerBody {
  @IsUUID() id!: string;
}
export class NoticeSentRequest extends NoticeSentBody {
  @IsUUID() id!: string;
  @IsUUID() customerId!: string;
}
export class CutoverExecutedRequest extends CutoverExecutedBody {
  @IsUUID() id!: string;
}
export class CancelCutoverRequest extends CancelCutoverBody {
  @IsUUID() id!: string;
}

export class ListCutoversQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: CUTOVER_STATUSES }) @IsOptional() @IsIn(CUTOVER_STATUSES) status?: CutoverStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'Cutovers affecting this customer' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ description: 'Cutovers affecting this circuit' }) @IsOptional() @IsString() @Length(1, 60) circuitCode?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Windows ending after this instant' }) @IsOptional() @IsISO8601(ISO) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Windows starting before this instant' }) @IsOptional() @IsISO8601(ISO) to?: string;
}

export class CutoverDeviationView {
  @ApiPropertyOptional({ description: 'Minutes the work started before the agreed window' }) early?: number;
  @ApiPropertyOptional({ description: 'Minutes the work ended after the agreed window' }) late?: number;
}

export class CutoverNoticeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The round (window) the notice is for' }) round!: number;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: [String], description: "The customer's own affected circuits" }) circuitCodes!: string[];
  @ApiProperty({ format: 'date-time', description: 'Due the lead time (cutoverNoticeWorkingDays) before the window, at 09:00 of that working day' }) dueAt!: string;
  @ApiProperty({ description: 'The window was too close for the full lead time: due at once' }) shortNotice!: boolean;
  @ApiProperty({ description: 'Computed on plain weekdays for a year with no loaded calendar' }) provisional!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
  @ApiPropertyOptional({ enum: NOTICE_CHANNELS }) channel?: NoticeChannel;
  @ApiPropertyOptional() to?: string;
  @ApiPropertyOptional() sentBy?: string;
  @ApiPropertyOptional({ description: 'Delivered after its due' }) late?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the due passed with the notice not delivered' }) breachedAt?: string;
}

export class CutoverAnswerView {
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: CUTOVER_ANSWERS }) answer!: CutoverAnswerKind;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) proposedStart?: string;
  @ApiPropertyOptional({ format: 'date-time' }) proposedEnd?: string;
  @ApiProperty({ description: 'The user who answered' }) answeredBy!: string;
  @ApiProperty({ description: "Staff answered on the customer's behalf" }) onBehalf!: boolean;
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
}

export class CutoverRoundView {
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'date-time' }) windowStart!: string;
  @ApiProperty({ format: 'date-time' }) windowEnd!: string;
  @ApiProperty() shortNotice!: boolean;
  @ApiPropertyOptional({ description: 'Why the window was moved (rounds after the first)' }) reason?: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class CutoverView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String], description: "The affected circuits (a customer's user: its own only)" }) circuitCodes!: string[];
  @ApiProperty({ type: [String], description: "The affected customers (a customer's user: its own only)" }) customerIds!: string[];
  @ApiProperty({ format: 'date-time' }) windowStart!: string;
  @ApiProperty({ format: 'date-time' }) windowEnd!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ enum: CUTOVER_STATUSES }) status!: CutoverStatus;
  @ApiProperty({ description: 'The current round: 1, then one more at each reschedule' }) round!: number;
  @ApiProperty({ description: 'The current window was too close to give the full notice lead time' }) shortNotice!: boolean;
  @ApiProperty({ description: 'A customer refused or proposed another window in this round: the owner should reschedule' }) rescheduleNeeded!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) executedStart?: string;
  @ApiPropertyOptional({ format: 'date-time' }) executedEnd?: string;
  @ApiPropertyOptional() executionNote?: string;
  @ApiPropertyOptional({ type: CutoverDeviationView, description: 'The execution left the agreed window (case 35)' }) deviation?: CutoverDeviationView;
  @ApiPropertyOptional() cancelReason?: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [CutoverRoundView], description: 'Every window, the first and each reschedule' }) rounds!: CutoverRoundView[];
  @ApiProperty({ type: [CutoverNoticeView], description: 'Notices of every round' }) notices!: CutoverNoticeView[];
  @ApiProperty({ type: [CutoverAnswerView], description: 'Answers of every round, in the order given' }) answers!: CutoverAnswerView[];
}

export class CutoverChangedData {
  @IsUUID() cutoverId!: string;
  @IsIn(CUTOVER_STATUSES) status!: CutoverStatus;
  @IsInt() @Min(1) round!: number;
  @IsString() action!: string;
  /** The user who acted (`system` for an overdue notice). */
  @IsString() by!: string;
  @IsISO8601() at!: string;
  @IsUUID('all', { each: true }) customerIds!: string[];
  @IsISO8601() windowStart!: string;
  @IsISO8601() windowEnd!: string;
  /** The customer an answer or a notice was about. */
  @IsOptional() @IsUUID() customerId?: string;
  /** On execution outside the agreed window: minutes early and late. */
  @IsOptional() deviation?: { early?: number; late?: number };
}

/** The agreed window is void: the cutover was cancelled, or rescheduled (a new `cutoverScheduled` follows once all agree again). */
export class CutoverCancelledData {
  @IsUUID() cutoverId!: string;
  @IsIn(['cancelled', 'rescheduled']) because!: 'cancelled' | 'rescheduled';
  @IsString() reason!: string;
}

export const CutoverEvents = {
  changed: event<CutoverChangedData>('evt.visits.cutover.changed.v1', CutoverChangedData),
  cancelled: event<CutoverCancelledData>('evt.visits.cutover.cancelled.v1', CutoverCancelledData),
};

export const CutoverRpc = {
  create: rpc<CreateCutoverRequest, CutoverView>('rpc.visits.cutovers.create', CreateCutoverRequest),
  get: rpc<CutoverIdRequest, CutoverView>('rpc.visits.cutovers.get', CutoverIdRequest),
  list: rpc<ListCutoversQuery, Page<CutoverView>>('rpc.visits.cutovers.list', ListCutoversQuery),
  noticeSent: rpc<NoticeSentRequest, CutoverView>('rpc.visits.cutovers.notice-sent', NoticeSentRequest),
  answer: rpc<CutoverAnswerRequest, CutoverView>('rpc.visits.cutovers.answer', CutoverAnswerRequest),
  reschedule: rpc<RescheduleCutoverRequest, CutoverView>('rpc.visits.cutovers.reschedule', RescheduleCutoverRequest),
  executed: rpc<CutoverExecutedRequest, CutoverView>('rpc.visits.cutovers.executed', CutoverExecutedRequest),
  cancel: rpc<CancelCutoverRequest, CutoverView>('rpc.visits.cutovers.cancel', CancelCutoverRequest),
};
