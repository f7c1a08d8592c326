import { Injectable } from '@nestjs/common';
import { AppError, Caller, HandoverRequest, isUniqueViolation, OrderStepRequest, OrderView } from '@app/shared';
import { Circuit } from '../circuits/circuit.entity';
import { CircuitFields, CircuitsService } from '../circuits/circuits.service';
import { OrderActions } from './order-actions';
import { OrderClocks } from './order-clocks';
import { clockChanges, handoverEffect } from './order.rules';
import { OrderEnd, ServiceOrder } from './order.entities';
import { EntityManager } from 'typeorm';

const placeOf = (end: OrderEnd) => ({ address: end.address, city: end.city, province: end.province });

/** What the order delivers to the circuit: its service, bandwidth, ends and business. */
function deliveredFields(o: ServiceOrder): Omit<CircuitFields, 'code' | 'customerId' | 'backupCircuitCode' | 'segments'> {
  return {
    serviceType: o.serviceType,
    bandwidthMbps: o.bandwidthMbps,
    aEnd: placeOf(o.aEnd),
    zEnd: placeOf(o.zEnd),
    grade: o.grade,
    business: o.business,
    importance: o.importance,
    protection: o.protection,
  };
}

/** Step 7: completion recorded and handover (竣工交付), when the inventory follows the order's type. */
@Injectable()
export class OrderCompletion {
  constructor(
    private readonly actions: OrderActions,
    private readonly clocks: OrderClocks,
    private readonly circuits: CircuitsService,
  ) {}

  recordCompletion(req: OrderStepRequest, caller: Caller): Promise<OrderView> {
    return this.actions.step(req, 'record-completion', caller, async ({ m, order, at, limits }) => {
      order.completionRecordedAt = at;
      const due = await this.clocks.apply(m, order, clockChanges('record-completion', order, limits), at, 'completion recorded');
      return { detail: due };
    });
  }

  /** Handover, signed by the customer or not: a new circuit goes live, a change or move updates it, a cease ceases it. */
  async handover(req: HandoverRequest, caller: Caller): Promise<OrderView> {
    try {
      return await this.actions.step(req, 'handover', caller, async ({ m, order, at, limits }) => {
        order.handedOverAt = at;
        order.signature = req.signature;
        order.signedBy = req.signedBy ?? null;
        await this.clocks.apply(m, order, clockChanges('handover', order, limits), at, 'handed over');
        const circuit = await this.applyToInventory(m, order);
        order.circuitId = circuit.id;
        return {
          detail: { signature: req.signature, ...(req.signedBy ? { signedBy: req.signedBy } : {}), circuitId: circuit.id, inventory: handoverEffect(order.type), serviceStartAt: order.wholeRouteCompletedAt!.toISOString() },
        };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CIRCUIT_CODE_TAKEN', 'The circuit code of this order is already in the inventory', { fields: [{ field: 'circuitCode', reason: 'already in the inventory' }] });
      throw err;
    }
  }

  private async applyToInventory(m: EntityManager, o: ServiceOrder): Promise<Circuit> {
    const effect = handoverEffect(o.type);
    if (effect === 'create') {
      return this.circuits.add(m, { code: o.circuitCode, customerId: o.customerId, backupCircuitCode: null, segments: [], ...deliveredFields(o) }, o.wholeRouteCompletedAt!);
    }
    const circuit = await this.circuits.inServiceOf(m, o.circuitCode, o.customerId);
    if (!circuit) {
      throw new AppError('CIRCUIT_UNKNOWN', `Circuit ${o.circuitCode} of this customer is no longer in service`, { fields: [{ field: 'circuitCode', reason: 'no longer in service' }] });
    }
    return this.circuits.change(m, circuit, effect === 'cease' ? { state: 'ceased' } : deliveredFields(o));
  }
}
