import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcceptRequest,
  AnswerRequest,
  Caller,
  CloseRequest,
  DispatchRequest,
  EscalateRequest,
  FaultRpc,
  FeedbackRequest,
  ForCustomers,
  LegIdRequest,
  LegResultRequest,
  ListTicketsQuery,
  OccurredRequest,
  OpenTicketRequest,
  ProgressRequest,
  ProvinceEscalationRequest,
  RateTicketRequest,
  ReasonRequest,
  ReviewQuery,
  RpcCaller,
  SuspendRequest,
  SuspensionRequestRequest,
  TicketActionRequest,
  TicketIdRequest,
} from '@app/shared';
import { ClosingActions } from './closing.actions';
import { asSeenBy } from './customer-view';
import { DispatchActions } from './dispatch.actions';
import { EscalationActions } from './escalation.actions';
import { IntakeService } from './intake.service';
import { RatingActions } from './rating.actions';
import { SuspensionActions } from './suspension.actions';
import { TicketsService } from './tickets.service';

/** Every way into a ticket by request/reply. Who acts is the authenticated caller; a customer's user gets the customer's view. */
@Controller()
export class TicketsRpc {
  constructor(
    private readonly intake: IntakeService,
    private readonly tickets: TicketsService,
    private readonly dispatching: DispatchActions,
    private readonly suspension: SuspensionActions,
    private readonly closing: ClosingActions,
    private readonly escalation: EscalationActions,
    private readonly rating: RatingActions,
  ) {}

  @MessagePattern(FaultRpc.openTicket.subject)
  @ForCustomers({ kind: 'handler' })
  open(@Payload() req: OpenTicketRequest, @RpcCaller() caller: Caller) {
    return this.intake.open(req, caller);
  }

  @MessagePattern(FaultRpc.getTicket.subject)
  @ForCustomers({ kind: 'owned' })
  async get(@Payload() req: TicketIdRequest, @RpcCaller() caller: Caller) {
    return asSeenBy(caller, await this.tickets.get(req.id));
  }

  @MessagePattern(FaultRpc.listTickets.subject)
  @ForCustomers({ kind: 'list' })
  async list(@Payload() q: ListTicketsQuery, @RpcCaller() caller: Caller) {
    const page = await this.tickets.list(q);
    return { ...page, items: page.items.map((t) => asSeenBy(caller, t)) };
  }

  @MessagePattern(FaultRpc.review.subject)
  review(@Payload() q: ReviewQuery) {
    return this.tickets.review(q);
  }

  @MessagePattern(FaultRpc.timeline.subject)
  timeline(@Payload() req: TicketIdRequest) {
    return this.tickets.timeline(req.id);
  }

  @MessagePattern(FaultRpc.provinceEscalation.subject)
  provinceEscalation(@Payload() req: ProvinceEscalationRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.provinceEscalation(req, caller.username);
  }

  @MessagePattern(FaultRpc.dispatch.subject)
  dispatch(@Payload() req: DispatchRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.dispatch(req, caller.username);
  }

  @MessagePattern(FaultRpc.accept.subject)
  accept(@Payload() req: AcceptRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.accept(req, caller);
  }

  @MessagePattern(FaultRpc.progress.subject)
  progress(@Payload() req: ProgressRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.progress(req, caller);
  }

  @MessagePattern(FaultRpc.result.subject)
  result(@Payload() req: LegResultRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.result(req, caller);
  }

  @MessagePattern(FaultRpc.testReportFile.subject)
  testReportFile(@Payload() req: LegIdRequest) {
    return this.tickets.testReportFile(req.id, req.legId);
  }

  @MessagePattern(FaultRpc.answer.subject)
  answer(@Payload() req: AnswerRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.answer(req, caller.username);
  }

  @MessagePattern(FaultRpc.feedback.subject)
  feedback(@Payload() req: FeedbackRequest, @RpcCaller() caller: Caller) {
    return this.dispatching.feedback(req, caller.username);
  }

  @MessagePattern(FaultRpc.requestSuspension.subject)
  requestSuspension(@Payload() req: SuspensionRequestRequest, @RpcCaller() caller: Caller) {
    return this.suspension.requestSuspension(req, caller.username);
  }

  @MessagePattern(FaultRpc.suspend.subject)
  suspend(@Payload() req: SuspendRequest, @RpcCaller() caller: Caller) {
    return this.suspension.suspend(req, caller.username);
  }

  @MessagePattern(FaultRpc.resume.subject)
  resume(@Payload() req: ReasonRequest, @RpcCaller() caller: Caller) {
    return this.suspension.resume(req, caller.username);
  }

  @MessagePattern(FaultRpc.restore.subject)
  restore(@Payload() req: OccurredRequest, @RpcCaller() caller: Caller) {
    return this.closing.restore(req, caller.username);
  }

  @MessagePattern(FaultRpc.repair.subject)
  repair(@Payload() req: OccurredRequest, @RpcCaller() caller: Caller) {
    return this.closing.repair(req, caller.username);
  }

  @MessagePattern(FaultRpc.close.subject)
  close(@Payload() req: CloseRequest, @RpcCaller() caller: Caller) {
    return this.closing.close(req, caller.username);
  }

  @MessagePattern(FaultRpc.cancel.subject)
  cancel(@Payload() req: ReasonRequest, @RpcCaller() caller: Caller) {
    return this.closing.cancel(req, caller.username);
  }

  @MessagePattern(FaultRpc.reopen.subject)
  reopen(@Payload() req: ReasonRequest, @RpcCaller() caller: Caller) {
    return this.closing.reopen(req, caller.username);
  }

  @MessagePattern(FaultRpc.escalate.subject)
  escalate(@Payload() req: EscalateRequest, @RpcCaller() caller: Caller) {
    return this.escalation.escalate(req, caller.username);
  }

  @MessagePattern(FaultRpc.onSite.subject)
  onSite(@Payload() req: TicketActionRequest, @RpcCaller() caller: Caller) {
    return this.escalation.onSite(req, caller.username);
  }

  @MessagePattern(FaultRpc.rate.subject)
  @ForCustomers({ kind: 'handler' })
  rate(@Payload() req: RateTicketRequest, @RpcCaller() caller: Caller) {
    return this.rating.rate(req, caller);
  }
}
