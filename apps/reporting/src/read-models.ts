import { registerFaultProjections, ProjectionSink } from './faults/fault-projections';
import { CircuitDim, ClockFact, CustomerDim, FaultFact, TicketTimelineRow } from './faults/reporting-tables.entity';

/**
 * Reporting's read models: tables built only from other services' events, which a rebuild empties and fills again by
 * replaying the stream. Reporting's own data (fault report versions) is not among them and survives a rebuild.
 * Every feature that projects events adds its tables here and its registration below.
 */
export const REPORTING_READ_MODELS = [CustomerDim, CircuitDim, FaultFact, TicketTimelineRow, ClockFact];

export const REPORTING_PROJECTIONS: ReadonlyArray<(sink: ProjectionSink) => void> = [registerFaultProjections];
