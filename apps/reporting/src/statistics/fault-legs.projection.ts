import { FaultEvents } from '@app/shared';
import { ProjectionSink } from '../faults/fault-projections';

/**
 * Which ticket each dispatch leg belongs to, from the legs a dispatch event names: a leg's clocks (accept, progress,
 * answer) then count under its ticket's service type. A leg never changes ticket, so any order of events gives the same rows.
 */
export function registerFaultLegProjection(sink: ProjectionSink): void {
  sink.on(FaultEvents.ticketChanged, async (data, _e, m) => {
    if (!data.dispatchedLegIds?.length) return;
    await m.query(`INSERT INTO fault_leg (leg_id, ticket_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT (leg_id) DO NOTHING`, [data.dispatchedLegIds, data.ticketId]);
  });
}
