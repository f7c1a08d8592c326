import { OrderDeadlineView, OrderView } from '@app/shared';
import { ServiceOrder } from './order.entities';

/** An order as the API shows it, with its clocks. */
export function orderView(o: ServiceOrder, deadlines: OrderDeadlineView[]): OrderView {
  const optional = <K extends string>(key: K, value: string | null | undefined) => (value ? ({ [key]: value } as Record<K, string>) : {});
  return {
    id: o.id,
    number: o.number,
    version: o.version,
    step: o.step,
    customerId: o.customerId,
    type: o.type,
    circuitCode: o.circuitCode,
    serviceType: o.serviceType,
    requiredBy: o.requiredBy,
    dueAt: o.dueAt.toISOString(),
    urgent: o.urgent,
    progressReportsRequired: o.progressReportsRequired,
    crossDomain: o.crossDomain,
    ...optional('projectManager', o.projectManager),
    customerManager: o.customerManager,
    businessManager: o.businessManager,
    networkSupportManager: o.networkSupportManager,
    requiredTest: o.requiredTest,
    leadingBureau: o.leadingBureau,
    inWarningPool: o.inWarningPool,
    ...optional('warningPoolEnteredAt', o.warningPoolEnteredAt?.toISOString()),
    warnings: o.warnings,
    violations: o.violations,
    segments: o.segments,
    ...(o.wholeRoute ? { wholeRoute: { testType: o.wholeRoute.testType, reportingBureau: o.wholeRoute.reportingBureau, ...optional('overrideReason', o.wholeRoute.overrideReason) } } : {}),
    ...optional('wholeRouteCompletedAt', o.wholeRouteCompletedAt?.toISOString()),
    ...optional('serviceStartAt', o.wholeRouteCompletedAt?.toISOString()),
    ...optional('completionRecordedAt', o.completionRecordedAt?.toISOString()),
    ...optional('handedOverAt', o.handedOverAt?.toISOString()),
    ...optional('signature', o.signature),
    ...optional('signedBy', o.signedBy),
    ...optional('circuitId', o.circuitId),
    ...optional('returnReason', o.returnReason),
    deadlines,
  };
}
