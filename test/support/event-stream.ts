type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface LiveEvent {
  /** The stream position (absent on the closing token-expired event). */
  id?: string;
  event: string;
  data: Json;
}

/** Reads a Server-Sent Events stream as a portal's EventSource would: its named events, its heartbeats, and whether it has ended. */
export async function subscribe(base: string, token: string, lastEventId?: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/events/stream`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const stream = { events: [] as LiveEvent[], keepAlives: 0, ended: false, close: () => controller.abort() };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      // Aborted by close(), or ended by the gateway.
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => frame.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        if (frame === ': keep-alive') stream.keepAlives += 1;
        const id = field('id');
        if (field('event')) stream.events.push({ ...(id ? { id } : {}), event: field('event')!, data: JSON.parse(field('data')!) });
      }
    }
    stream.ended = true;
  })();
  return stream;
}
