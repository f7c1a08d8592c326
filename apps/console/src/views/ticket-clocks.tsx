import type { Ticket } from '../api/client';
import type { ClockRow, WarnLeads } from '../clock.rules';
import { ClockChip } from '../components';
import { useI18n } from '../i18n';

/** The running limits of a ticket and of each of its legs ("接单 · 广州本地网传输中心"). */
export function TicketClocks({ ticket, clocks, now, leads, warned }: { ticket: Ticket; clocks: ClockRow[]; now: number; leads: WarnLeads; warned: Set<string> }) {
  const { clockName } = useI18n();
  const legs = new Map((ticket.legs ?? []).map((l) => [l.id, l]));
  const mine = clocks
    .filter((c) => c.subjectId === ticket.id || legs.has(c.subjectId))
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  return (
    <span className="clocks">
      {mine.map((c) => {
        const leg = legs.get(c.subjectId);
        return <ClockChip key={c.id} clock={c} now={now} leads={leads} warned={warned.has(c.id)} label={leg ? `${clockName(c.kind)} · ${leg.unit}` : undefined} />;
      })}
    </span>
  );
}
