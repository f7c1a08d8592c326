import { registerAfterSalesProjections } from './after-sales/after-sales-facts';
import { registerFaultProjections, ProjectionSink } from './faults/fault-projections';
import { registerOrderProjections } from './orders/order-facts';
import { registerVisitSettingsProjection } from './settings/visit-settings.projection';
import { registerFaultLegProjection } from './statistics/fault-legs.projection';
import { CircuitDim, ClockFact, CustomerDim, FaultFact, TicketTimelineRow } from './faults/reporting-tables.entity';

/**
 * Reporting's read models: tables built only from other services' events, which a rebuild empties and fills again by
 * replaying the stream. Reporting's own data (fault report versions) is not among them and survives a rebuild.
 * Every feature that projects events adds its tables here and its registration below.
 */
export const REPORTING_READ_MODELS = [CustomerDim, CircuitDim, FaultFact, TicketTimelineRow, ClockFact];

/** Read-model tables written with SQL only (the statistics facts), emptied by a rebuild like the others. */
export const REPORTING_SQL_READ_MODELS = ['order_fact', 'visit_fact', 'inspection_fact', 'danger_fact', 'complaint_fact', 'complaint_clock_fact', 'fault_leg', 'visit_settings_copy', 'rating_fact'];

export const REPORTING_PROJECTIONS: ReadonlyArray<(sink: ProjectionSink) => void> = [registerFaultProjections, registerOrderProjections, registerAfterSalesProjections, registerFaultLegProjection, registerVisitSettingsProjection];
