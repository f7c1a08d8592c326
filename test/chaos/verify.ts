import { Pool } from 'pg';
import { SCHEMA_OWNERS, SERVICE_NAMES } from '@app/shared';
import { PlatformClient } from './client';
import { Keyed, Ledger, sendKeyed } from './load';
import { sleep } from './processes';

export interface KillRecord {
  target: string;
  round: number;
  /** Seconds from the kill -9 until a read of every service succeeded again; undefined: not within the bound. */
  recoverySeconds?: number;
}

export interface Row {
  what: string;
  acknowledged: number;
  stored: number;
  lost: number;
  doubled: number;
}

export interface Verdict {
  rows: Row[];
  facts: string[];
  violations: string[];
}

const count = <T>(items: T[], keyOf: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
};

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

async function rows<T>(db: Pool, sql: string): Promise<T[]> {
  return (await db.query(sql)).rows as T[];
}

/** Polls until `ok` holds, at most `ms`; returns whether it did. */
async function eventually(ms: number, ok: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await ok()) return true;
    if (Date.now() > until) return false;
    await sleep(1000);
  }
}

/**
 * After the storm: every key gets its definite answer (nothing stuck), every acknowledged key answers the same again,
 * and the databases hold each acknowledged change exactly once, each event applied once, each clock fired once.
 */
export async function verify(db: Pool, client: PlatformClient, ledger: Ledger, kills: KillRecord[]): Promise<Verdict> {
  const violations: string[] = [];
  const facts: string[] = [];

  // 1. Keys whose outcome the load never learned: a good client keeps retrying; each must end in a definite answer.
  const unknown = ledger.all().filter((e) => e.outcome === 'unknown');
  facts.push(`keys without an answer when the load stopped: ${unknown.length}`);
  await inBatches(unknown, 10, (e) => sendKeyed(client, e, 60_000));
  for (const e of unknown.filter((u) => u.outcome === 'unknown')) violations.push(`stuck key ${e.key} (${e.path}): no definite answer within 60 s`);
  for (const e of ledger.all().filter((x) => x.outcome === 'refused')) violations.push(`key ${e.key} (${e.path}) refused with ${e.status}`);

  // 2. Every acknowledged key once more: the same answer, the same ticket.
  const acked = ledger.all().filter((e) => e.outcome === 'acked');
  let replayMismatch = 0;
  await inBatches(acked, 10, async (e: Keyed) => {
    const again = await client.send('POST', e.path, e.body, e.key, 60_000);
    // An open answers the new ticket, a feedback the ticket it was given on: the same ticket either way.
    if (!again || again.status !== e.status || again.body.id !== e.ticketId) {
      replayMismatch++;
      violations.push(`key ${e.key} (${e.path}): first ${e.status} ${e.ticketId ?? ''}, again ${again?.status ?? 'no answer'} ${String(again?.body.id ?? '')}`);
    }
  });
  facts.push(`acknowledged keys sent again: ${acked.length}, answered differently: ${replayMismatch}`);

  // 3. Tickets: one per acknowledged open, one per circuit, no ticket no key knows, no duplicate report.
  const opens = [...ledger.opens.values()].filter((e) => e.outcome === 'acked');
  // Proactive tickets (channel monitoring) are quality monitoring's, not the load's: checked with quality's samples.
  const tickets = await rows<{ id: string; circuit_code: string; duplicate_reports: number }>(db, "SELECT id, circuit_code, duplicate_reports FROM fault.ticket WHERE channel <> 'monitoring'");
  const [{ n: allTickets }] = await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM fault.ticket');
  const storedIds = new Set(tickets.map((t) => t.id));
  const ackedIds = new Set(opens.map((e) => e.ticketId!));
  const lostTickets = opens.filter((e) => !storedIds.has(e.ticketId!));
  const perCircuit = count(tickets, (t) => t.circuit_code);
  const doubledTickets =
    [...perCircuit.values()].reduce((n, c) => n + (c - 1), 0) +
    tickets.reduce((n, t) => n + t.duplicate_reports, 0) +
    (opens.length - ackedIds.size) +
    tickets.filter((t) => !ackedIds.has(t.id)).length;
  for (const e of lostTickets) violations.push(`lost ticket ${e.ticketId} (key ${e.key})`);
  if (doubledTickets > 0) violations.push(`${doubledTickets} doubled ticket(s) or duplicate report(s)`);

  // 4. Feedback: each acknowledged feedback recorded once on its ticket.
  const feedbacks = [...ledger.feedbacks.values()].filter((e) => e.outcome === 'acked');
  const recorded = await rows<{ ticket_id: string; n: string }>(db, "SELECT ticket_id, count(*) AS n FROM fault.ticket_record WHERE type = 'feedback' GROUP BY ticket_id");
  const recordedPer = new Map(recorded.map((r) => [r.ticket_id, Number(r.n)]));
  const ackedPer = count(feedbacks, (e) => e.ticketId!);
  let lostFeedback = 0;
  let doubledFeedback = 0;
  for (const id of new Set([...recordedPer.keys(), ...ackedPer.keys()])) {
    const diff = (recordedPer.get(id) ?? 0) - (ackedPer.get(id) ?? 0);
    if (diff < 0) lostFeedback -= diff;
    if (diff > 0) doubledFeedback += diff;
  }
  if (lostFeedback) violations.push(`${lostFeedback} acknowledged feedback(s) not recorded`);
  if (doubledFeedback) violations.push(`${doubledFeedback} feedback(s) recorded twice`);

  // 5. Events: every ticket-opened event published and applied by reporting exactly once.
  const caughtUp = await eventually(90_000, async () => {
    // With two replicas a ticket's later change may reach reporting before its opening (the change describes the whole
    // ticket, so the fact exists): caught up means every opening applied too.
    const [r] = await rows<{ facts: string; tickets: string; unpublished: string; opened: string }>(
      db,
      `SELECT (SELECT count(*) FROM reporting.fault_fact) AS facts, (SELECT count(*) FROM fault.ticket) AS tickets,
              (SELECT count(*) FROM fault.outbox WHERE published_at IS NULL) AS unpublished,
              (SELECT count(*) FROM reporting.inbox WHERE type = 'evt.fault.ticket.opened.v1') AS opened`,
    );
    return r.facts === r.tickets && r.opened === r.tickets && r.unpublished === '0';
  });
  if (!caughtUp) violations.push('reporting did not catch up with the fault service within 90 s (or the outbox kept unpublished events)');
  const [ev] = await rows<{ facts: string; missing: string; extra: string; inbox: string; distinct_inbox: string; outbox: string }>(
    db,
    `SELECT (SELECT count(*) FROM reporting.fault_fact) AS facts,
            (SELECT count(*) FROM fault.ticket t WHERE NOT EXISTS (SELECT 1 FROM reporting.fault_fact f WHERE f.ticket_id = t.id)) AS missing,
            (SELECT count(*) FROM reporting.fault_fact f WHERE NOT EXISTS (SELECT 1 FROM fault.ticket t WHERE t.id = f.ticket_id)) AS extra,
            (SELECT count(*) FROM reporting.inbox WHERE type = 'evt.fault.ticket.opened.v1') AS inbox,
            (SELECT count(DISTINCT event_id) FROM reporting.inbox WHERE type = 'evt.fault.ticket.opened.v1') AS distinct_inbox,
            (SELECT count(*) FROM fault.outbox WHERE type = 'evt.fault.ticket.opened.v1') AS outbox`,
  );
  const missingEvents = Number(ev.missing);
  const extraEvents = Number(ev.extra) + Number(ev.inbox) - Number(ev.distinct_inbox) + Math.max(0, Number(ev.outbox) - allTickets);
  if (Number(ev.inbox) !== Number(ev.facts)) violations.push(`reporting's inbox holds ${ev.inbox} ticket-opened events for ${ev.facts} facts`);
  if (Number(ev.outbox) !== allTickets) violations.push(`fault's outbox holds ${ev.outbox} ticket-opened events for ${allTickets} tickets`);
  if (missingEvents) violations.push(`${missingEvents} ticket(s) never reached reporting`);
  if (extraEvents) violations.push(`${extraEvents} ticket-opened event(s) applied or written twice`);
  // Every consumer applied every event of each type it takes exactly once (its inbox against the producers' outboxes).
  const consumed = async () =>
    rows<{ consumer: string; type: string; applied: string; published: string }>(
      db,
      // Every schema has an outbox (the gateway's: user events) and every service's an inbox, whether or not the run starts it.
      `WITH published AS (
         SELECT type, count(*) AS n FROM (${SCHEMA_OWNERS.map((s) => `SELECT type FROM ${s}.outbox`).join(' UNION ALL ')}) o GROUP BY type
       ), applied AS (
         ${SERVICE_NAMES.map((s) => `SELECT '${s}' AS consumer, type, count(*) AS n FROM ${s}.inbox GROUP BY type`).join('\n         UNION ALL ')}
       )
       SELECT a.consumer, a.type, a.n AS applied, coalesce(p.n, 0) AS published FROM applied a LEFT JOIN published p USING (type)`,
    );
  let consumption = await consumed();
  await eventually(60_000, async () => (consumption = await consumed()).every((c) => c.applied === c.published));
  for (const c of consumption.filter((x) => x.applied !== x.published)) violations.push(`${c.consumer} applied ${c.applied} of ${c.published} ${c.type} events`);
  facts.push(`events applied by consumers: ${consumption.map((c) => `${c.consumer} ${c.type.replace(/^evt\.|\.v1$/g, '')} ${c.applied}/${c.published}`).join(', ')}`);

  const [dead] = await rows<{ n: string }>(
    db,
    `SELECT ${SERVICE_NAMES.map((s) => `(SELECT count(*) FROM ${s}.dead_letter)`).join(' + ')} AS n`,
  );
  if (Number(dead.n) > 0) violations.push(`${dead.n} event(s) in dead_letter`);

  // 6. Clocks: no clock fired twice, none overdue and unfired.
  const [clocks] = await rows<{ breaches: string; twice: string; overdue: string; clocks: string }>(
    db,
    `SELECT (SELECT count(*) FROM fault.deadline_clock) AS clocks,
            (SELECT count(*) FROM fault.deadline_clock_event WHERE type = 'breach') AS breaches,
            (SELECT count(*) FROM (SELECT clock_id FROM fault.deadline_clock_event WHERE type = 'breach' GROUP BY clock_id HAVING count(*) > 1) d) AS twice,
            (SELECT count(*) FROM fault.deadline_clock WHERE next_fire_at < now() - interval '30 seconds') AS overdue`,
  );
  facts.push(`clocks: ${clocks.clocks}, breaches fired: ${clocks.breaches}, fired twice: ${clocks.twice}, overdue and unfired: ${clocks.overdue}`);
  if (Number(clocks.twice) > 0) violations.push(`${clocks.twice} clock(s) breached twice`);
  if (Number(clocks.overdue) > 0) violations.push(`${clocks.overdue} clock(s) overdue by 30 s and not fired`);

  // 7. Recovery with no manual step.
  for (const k of kills) if (k.recoverySeconds === undefined) violations.push(`${k.target} #${k.round}: the platform did not recover`);

  return {
    rows: [
      { what: 'fault tickets', acknowledged: opens.length, stored: opens.length - lostTickets.length, lost: lostTickets.length, doubled: doubledTickets },
      { what: 'feedback', acknowledged: feedbacks.length, stored: [...recordedPer.values()].reduce((a, b) => a + b, 0), lost: lostFeedback, doubled: doubledFeedback },
      { what: 'ticket-opened in reporting', acknowledged: allTickets, stored: Number(ev.facts), lost: missingEvents, doubled: extraEvents },
    ],
    facts,
    violations,
  };
}

export function table(verdict: Verdict, kills: KillRecord[]): string {
  const pad = (v: unknown, n: number) => String(v).padStart(n);
  const lines = [
    `${'what'.padEnd(28)}${pad('acknowledged', 14)}${pad('stored', 8)}${pad('lost', 6)}${pad('doubled', 9)}`,
    ...verdict.rows.map((r) => `${r.what.padEnd(28)}${pad(r.acknowledged, 14)}${pad(r.stored, 8)}${pad(r.lost, 6)}${pad(r.doubled, 9)}`),
    '',
    `${'kill -9'.padEnd(28)}${pad('recovery s', 14)}`,
    ...kills.map((k) => `${`${k.target} #${k.round}`.padEnd(28)}${pad(k.recoverySeconds === undefined ? 'NONE' : k.recoverySeconds.toFixed(1), 14)}`),
  ];
  return lines.join('\n');
}
