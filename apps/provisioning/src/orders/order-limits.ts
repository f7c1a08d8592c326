import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DEFAULT_ORDER_LIMITS, OrderLimits } from './order.rules';

/** The limits in force for an action: read when a clock starts, they apply to that clock only. */
@Injectable()
export class OrderLimitsSource {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  get(_m: EntityManager): Promise<OrderLimits> {
    return Promise.resolve(DEFAULT_ORDER_LIMITS);
  }
}
