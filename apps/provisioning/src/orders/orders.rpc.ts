import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Caller,
  CreateOrderRequest,
  ExtensionRequest,
  ForCustomers,
  HandoverRequest,
  LeadingBureauRequest,
  ListOrdersQuery,
  OrderIdRequest,
  OrderRpc,
  OrderStepRequest,
  OrderWarningRequest,
  PlanRequest,
  ProgressReportRequest,
  ReviewOrderRequest,
  RpcCaller,
  SegmentCompleteRequest,
  SurveyRequest,
  WholeRouteRequest,
} from '@app/shared';
import { OrderCompletion } from './order-completion.service';
import { OrderSteps } from './order-steps.service';
import { OrderWarnings } from './order-warnings.service';
import { OrdersService } from './orders.service';

/** Every request into orders; who acted is the authenticated caller. */
@Controller()
export class OrdersRpc {
  constructor(
    private readonly orders: OrdersService,
    private readonly steps: OrderSteps,
    private readonly warnings: OrderWarnings,
    private readonly completion: OrderCompletion,
  ) {}

  @MessagePattern(OrderRpc.create.subject)
  create(@Payload() req: CreateOrderRequest, @RpcCaller() caller: Caller) {
    return this.orders.create(req, caller);
  }

  @MessagePattern(OrderRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: OrderIdRequest, @RpcCaller() caller: Caller) {
    return this.orders.get(req.id, caller);
  }

  @MessagePattern(OrderRpc.list.subject)
  @ForCustomers({ kind: 'list' })
  list(@Payload() q: ListOrdersQuery) {
    return this.orders.list(q);
  }

  @MessagePattern(OrderRpc.timeline.subject)
  timeline(@Payload() req: OrderIdRequest) {
    return this.orders.timeline(req.id);
  }

  @MessagePattern(OrderRpc.review.subject)
  review(@Payload() req: ReviewOrderRequest, @RpcCaller() caller: Caller) {
    return this.steps.review(req, caller);
  }

  @MessagePattern(OrderRpc.survey.subject)
  survey(@Payload() req: SurveyRequest, @RpcCaller() caller: Caller) {
    return this.steps.survey(req, caller);
  }

  @MessagePattern(OrderRpc.plan.subject)
  plan(@Payload() req: PlanRequest, @RpcCaller() caller: Caller) {
    return this.steps.plan(req, caller);
  }

  @MessagePattern(OrderRpc.progress.subject)
  progress(@Payload() req: ProgressReportRequest, @RpcCaller() caller: Caller) {
    return this.steps.progress(req, caller);
  }

  @MessagePattern(OrderRpc.constructionDone.subject)
  constructionDone(@Payload() req: OrderStepRequest, @RpcCaller() caller: Caller) {
    return this.steps.constructionDone(req, caller);
  }

  @MessagePattern(OrderRpc.warn.subject)
  warn(@Payload() req: OrderWarningRequest, @RpcCaller() caller: Caller) {
    return this.warnings.warn(req, caller);
  }

  @MessagePattern(OrderRpc.extend.subject)
  extend(@Payload() req: ExtensionRequest, @RpcCaller() caller: Caller) {
    return this.warnings.extend(req, caller);
  }

  @MessagePattern(OrderRpc.segmentComplete.subject)
  segmentComplete(@Payload() req: SegmentCompleteRequest, @RpcCaller() caller: Caller) {
    return this.steps.segmentComplete(req, caller);
  }

  @MessagePattern(OrderRpc.wholeRoute.subject)
  wholeRoute(@Payload() req: WholeRouteRequest, @RpcCaller() caller: Caller) {
    return this.steps.wholeRoute(req, caller);
  }

  @MessagePattern(OrderRpc.setLeadingBureau.subject)
  setLeadingBureau(@Payload() req: LeadingBureauRequest, @RpcCaller() caller: Caller) {
    return this.steps.setLeadingBureau(req, caller);
  }

  @MessagePattern(OrderRpc.recordCompletion.subject)
  recordCompletion(@Payload() req: OrderStepRequest, @RpcCaller() caller: Caller) {
    return this.completion.recordCompletion(req, caller);
  }

  @MessagePattern(OrderRpc.handover.subject)
  handover(@Payload() req: HandoverRequest, @RpcCaller() caller: Caller) {
    return this.completion.handover(req, caller);
  }
}
