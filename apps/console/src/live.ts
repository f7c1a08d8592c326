import { useEffect, useRef, useState } from 'react';
import { api, must } from './api/client';
import { ClockRow, WarnLeads } from './clock.rules';
import { LiveEvent, liveEvents } from './events';

/** The time, once a second, for the countdowns (the page's own clock; nothing is fetched). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Calls `handler` for each live event the filter accepts; several close together make one call (a burst, one reload). */
export function useLive(accept: (e: LiveEvent) => boolean, handler: () => void, delayMs = 150): void {
  const latest = useRef({ accept, handler });
  latest.current = { accept, handler };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = liveEvents.subscribe((e) => {
      if (!latest.current.accept(e)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.handler(), delayMs);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [delayMs]);
}

export function useLiveStatus(): boolean {
  const [connected, setConnected] = useState(liveEvents.connected);
  useEffect(() => liveEvents.onStatus(setConnected), []);
  return connected;
}

export const isFaultEvent = (e: LiveEvent): boolean => e.event.startsWith('ticket.') || (e.event.startsWith('clock.') && e.data.type.startsWith('evt.fault.'));

/**
 * The running and paused time limits of fault handling (tickets and their legs), each with where its warning lead
 * begins (`warnAt`), and the fault settings' leads for a clock without one, reloaded when the stream says a ticket or
 * a clock changed. Clocks a `clock.warned` event named stay amber.
 */
export function useFaultClocks(enabled: boolean): { clocks: ClockRow[]; leads: WarnLeads; warned: Set<string> } {
  const [clocks, setClocks] = useState<ClockRow[]>([]);
  const [leads, setLeads] = useState<WarnLeads>({});
  const [warned, setWarned] = useState<Set<string>>(new Set());
  const load = async () => {
    const pages = await Promise.all(
      (['running', 'paused'] as const).map((status) => must(api.GET('/api/v1/clocks/{service}', { params: { path: { service: 'fault' }, query: { status, limit: 200 } } }))),
    );
    setClocks(pages.flatMap((p) => p.items));
  };
  useEffect(() => {
    if (!enabled) return;
    void load();
    void must(api.GET('/api/v1/settings/fault')).then((s) => setLeads(s.values as WarnLeads));
  }, [enabled]);
  useLive(
    (e) => enabled && isFaultEvent(e),
    () => void load(),
  );
  useEffect(
    () =>
      liveEvents.subscribe((e) => {
        if (e.event === 'clock.warned' && typeof e.data.data.clockId === 'string') setWarned((w) => new Set(w).add(e.data.data.clockId as string));
      }),
    [],
  );
  return { clocks, leads, warned };
}
