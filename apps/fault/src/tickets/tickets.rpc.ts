import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcceptRequest,
  ActorTicketRequest,
  AnswerRequest,
  Caller,
  CloseRequest,
  DispatchRequest,
  EscalateRequest,
  FaultRpc,
  FeedbackRequest,
  ForCustomers,
  LegResultRequest,
  ListTicketsQuery,
  OpenTicketRequest,
  ProgressRequest,
  ReasonRequest,
  RestoreRequest,
  ReviewQuery,
  RpcCaller,
  SuspendRequest,
  SuspensionRequestRequest,
  TicketIdRequest,
} from '@app/shared';
import { TicketActions } from './ticket-actions.service';
import { TicketsService } from './tickets.service';

@Controller()
export class TicketsRpc {
  constructor(
    private readonly tickets: TicketsService,
    private readonly actions: TicketActions,
  ) {}

  @MessagePattern(FaultRpc.openTicket.subject)
  @ForCustomers({ kind: 'handler' })
  open(@Payload() req: OpenTicketRequest, @RpcCaller() caller: Caller) {
    return this.tickets.open(req, caller);
  }

  @MessagePattern(FaultRpc.getTicket.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: TicketIdRequest) {
    return this.tickets.get(req.id);
  }

  @MessagePattern(FaultRpc.listTickets.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListTicketsQuery) {
    return this.tickets.list(q);
  }

  @MessagePattern(FaultRpc.review.subject)
  review(@Payload() q: ReviewQuery) {
    return this.tickets.review(q);
  }

  @MessagePattern(FaultRpc.timeline.subject)
  timeline(@Payload() req: TicketIdRequest) {
    return this.tickets.timeline(req.id);
  }

  @MessagePattern(FaultRpc.dispatch.subject)
  dispatch(@Payload() req: DispatchRequest) {
    return this.actions.dispatch(req);
  }

  @MessagePattern(FaultRpc.accept.subject)
  accept(@Payload() req: AcceptRequest) {
    return this.actions.accept(req);
  }

  @MessagePattern(FaultRpc.progress.subject)
  progress(@Payload() req: ProgressRequest) {
    return this.actions.progress(req);
  }

  @MessagePattern(FaultRpc.result.subject)
  result(@Payload() req: LegResultRequest) {
    return this.actions.result(req);
  }

  @MessagePattern(FaultRpc.answer.subject)
  answer(@Payload() req: AnswerRequest) {
    return this.actions.answer(req);
  }

  @MessagePattern(FaultRpc.feedback.subject)
  feedback(@Payload() req: FeedbackRequest) {
    return this.actions.feedback(req);
  }

  @MessagePattern(FaultRpc.requestSuspension.subject)
  requestSuspension(@Payload() req: SuspensionRequestRequest) {
    return this.actions.requestSuspension(req);
  }

  @MessagePattern(FaultRpc.suspend.subject)
  suspend(@Payload() req: SuspendRequest) {
    return this.actions.suspend(req);
  }

  @MessagePattern(FaultRpc.resume.subject)
  resume(@Payload() req: ReasonRequest) {
    return this.actions.resume(req);
  }

  @MessagePattern(FaultRpc.restore.subject)
  restore(@Payload() req: RestoreRequest) {
    return this.actions.restore(req);
  }

  @MessagePattern(FaultRpc.repair.subject)
  repair(@Payload() req: RestoreRequest) {
    return this.actions.repair(req);
  }

  @MessagePattern(FaultRpc.close.subject)
  close(@Payload() req: CloseRequest) {
    return this.actions.close(req);
  }

  @MessagePattern(FaultRpc.cancel.subject)
  cancel(@Payload() req: ReasonRequest) {
    return this.actions.cancel(req);
  }

  @MessagePattern(FaultRpc.reopen.subject)
  reopen(@Payload() req: ReasonRequest) {
    return this.actions.reopen(req);
  }

  @MessagePattern(FaultRpc.escalate.subject)
  escalate(@Payload() req: EscalateRequest) {
    return this.actions.escalate(req);
  }

  @MessagePattern(FaultRpc.onSite.subject)
  onSite(@Payload() req: ActorTicketRequest) {
    return this.actions.onSite(req);
  }
}
