import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateOrderRequest,
  ExtensionRequest,
  ForCustomers,
  HandoverRequest,
  ListOrdersQuery,
  OrderActorRequest,
  OrderIdRequest,
  OrderRpc,
  OrderWarningRequest,
  PlanRequest,
  ProgressReportRequest,
  ReviewOrderRequest,
  SegmentCompleteRequest,
  SurveyRequest,
  WholeRouteRequest,
} from '@app/shared';
import { OrdersService } from './orders.service';

@Controller()
export class OrdersRpc {
  constructor(private readonly orders: OrdersService) {}

  @MessagePattern(OrderRpc.create.subject)
  create(@Payload() req: CreateOrderRequest) {
    return this.orders.create(req);
  }

  @MessagePattern(OrderRpc.get.subject)
  @ForCustomers({ kind: 'owned' })
  get(@Payload() req: OrderIdRequest) {
    return this.orders.get(req.id);
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
  review(@Payload() req: ReviewOrderRequest) {
    return this.orders.review(req);
  }

  @MessagePattern(OrderRpc.survey.subject)
  survey(@Payload() req: SurveyRequest) {
    return this.orders.survey(req);
  }

  @MessagePattern(OrderRpc.plan.subject)
  plan(@Payload() req: PlanRequest) {
    return this.orders.plan(req);
  }

  @MessagePattern(OrderRpc.progress.subject)
  progress(@Payload() req: ProgressReportRequest) {
    return this.orders.progress(req);
  }

  @MessagePattern(OrderRpc.constructionDone.subject)
  constructionDone(@Payload() req: OrderActorRequest) {
    return this.orders.constructionDone(req);
  }

  @MessagePattern(OrderRpc.warn.subject)
  warn(@Payload() req: OrderWarningRequest) {
    return this.orders.warn(req);
  }

  @MessagePattern(OrderRpc.extend.subject)
  extend(@Payload() req: ExtensionRequest) {
    return this.orders.extend(req);
  }

  @MessagePattern(OrderRpc.segmentComplete.subject)
  segmentComplete(@Payload() req: SegmentCompleteRequest) {
    return this.orders.segmentComplete(req);
  }

  @MessagePattern(OrderRpc.wholeRoute.subject)
  wholeRoute(@Payload() req: WholeRouteRequest) {
    return this.orders.wholeRoute(req);
  }

  @MessagePattern(OrderRpc.recordCompletion.subject)
  recordCompletion(@Payload() req: OrderActorRequest) {
    return this.orders.recordCompletion(req);
  }

  @MessagePattern(OrderRpc.handover.subject)
  handover(@Payload() req: HandoverRequest) {
    return this.orders.handover(req);
  }
}
