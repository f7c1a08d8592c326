import { refreshSession, session } from './api/client';

/** One event of GET /api/v1/events/stream: `data` is { type, subjectId, occurredAt, data }. */
export interface LiveEvent {
  id: string;
  event: string;
  data: { type: string; subjectId: string; occurredAt: string; data: Record<string, unknown> };
}

type Listener = (e: LiveEvent) => void;
type StatusListener = (connected: boolean) => void;

/** Parses Server-Sent Events frames ("id:", "event:", "data:" lines, a blank line ends a frame) from text chunks. */
export function sseParser(onFrame: (frame: { id?: string; event: string; data: string }) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of raw.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0 || id !== undefined) onFrame({ id, event, data: data.join('\n') });
    }
  };
}

/**
 * The live stream, read with fetch rather than EventSource so that the token goes in the Authorization header and a
 * reconnection (after the token expired, or the network dropped) sends Last-Event-ID: nothing is missed.
 */
class EventStreamConnection {
  private listeners = new Set<Listener>();
  private statusListeners = new Set<StatusListener>();
  private lastId: string | undefined;
  private abort: AbortController | undefined;
  private retryMs = 1000;
  connected = false;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    void this.run(this.abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.lastId = undefined;
    this.setStatus(false);
  }

  private setStatus(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.statusListeners.forEach((l) => l(connected));
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let expired = false;
      try {
        const token = session.current()?.accessToken;
        if (!token) return;
        const res = await fetch('/api/v1/events/stream', {
          headers: { accept: 'text/event-stream', authorization: `Bearer ${token}`, ...(this.lastId ? { 'last-event-id': this.lastId } : {}) },
          signal,
        });
        if (res.status === 401) expired = true;
        else if (res.ok && res.body) {
          this.setStatus(true);
          this.retryMs = 1000;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          const feed = sseParser((frame) => {
            if (frame.id) this.lastId = frame.id;
            if (frame.event === 'token-expired') {
              expired = true;
              return;
            }
            const e: LiveEvent = { id: frame.id ?? '', event: frame.event, data: JSON.parse(frame.data) as LiveEvent['data'] };
            this.listeners.forEach((l) => l(e));
          });
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            feed(value);
          }
        }
      } catch {
        // Aborted on sign-out, or the network dropped: reconnect below unless aborted.
      }
      if (signal.aborted) return;
      this.setStatus(false);
      if (expired) {
        if (!(await refreshSession())) return;
        continue;
      }
      await new Promise((r) => setTimeout(r, this.retryMs));
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    }
  }
}

export const liveEvents = new EventStreamConnection();
