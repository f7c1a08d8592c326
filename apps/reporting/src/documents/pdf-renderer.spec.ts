import type { Browser } from 'playwright-core';
import { AppError } from '@app/shared';
import { PdfRenderer } from './pdf-renderer';

/** A browser whose renders finish when the test says so: counts launches, contexts open and renders at once. */
function fakeBrowser() {
  const state = { launches: 0, open: 0, closed: 0, atOnce: 0, maxAtOnce: 0, pending: [] as (() => void)[], disconnect: () => undefined as void };
  const browser = {
    on: (event: string, fn: () => void) => {
      if (event === 'disconnected') state.disconnect = fn;
    },
    newContext: async () => {
      state.open++;
      let rendering = false;
      return {
        route: async () => undefined,
        newPage: async () => ({
          setContent: async () => undefined,
          pdf: () =>
            new Promise<Buffer>((resolve) => {
              rendering = true;
              state.atOnce++;
              state.maxAtOnce = Math.max(state.maxAtOnce, state.atOnce);
              state.pending.push(() => resolve(Buffer.from('%PDF-1.7')));
            }),
        }),
        close: async () => {
          if (rendering) state.atOnce--;
          rendering = false;
          state.open--;
          state.closed++;
        },
      };
    },
    close: async () => undefined,
  } as unknown as Browser;
  const start = async () => {
    state.launches++;
    return browser;
  };
  return { state, start };
}

const tick = () => new Promise((r) => setImmediate(r));
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await tick();
}

describe('PdfRenderer', () => {
  it('launches the browser once, on the first render, and closes every render context', async () => {
    const { state, start } = fakeBrowser();
    const renderer = new PdfRenderer({ concurrency: 2, timeoutMs: 60_000 }, start);
    expect(state.launches).toBe(0);
    const first = renderer.pdf('<p>1</p>');
    await settle();
    state.pending.shift()!();
    expect((await first).toString()).toBe('%PDF-1.7');
    const second = renderer.pdf('<p>2</p>');
    await settle();
    state.pending.shift()!();
    await second;
    expect(state.launches).toBe(1);
    expect(state.closed).toBe(2);
    expect(state.open).toBe(0);
  });

  it('renders at most `concurrency` at once; the others wait their turn', async () => {
    const { state, start } = fakeBrowser();
    const renderer = new PdfRenderer({ concurrency: 2, timeoutMs: 60_000 }, start);
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => renderer.pdf(`<p>${n}</p>`)));
    await settle();
    expect(state.atOnce).toBe(2);
    expect(state.pending).toHaveLength(2);
    while (state.closed < 5) {
      state.pending.shift()?.();
      await settle();
      expect(state.atOnce).toBeLessThanOrEqual(2);
    }
    await all;
    expect(state.maxAtOnce).toBe(2);
  });

  it('fails a render that takes longer than the timeout, closes its context and frees its slot', async () => {
    // The timeout's timer is the test's to move; the renders' promises still settle on their own.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { state, start } = fakeBrowser();
      const renderer = new PdfRenderer({ concurrency: 1, timeoutMs: 20 }, start);
      const slow = renderer.pdf('<p>slow</p>').catch((e: unknown) => e);
      await settle();
      jest.advanceTimersByTime(19);
      await settle();
      expect(state.open).toBe(1);
      jest.advanceTimersByTime(1);
      const err = await slow;
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('SERVICE_TIMEOUT');
      expect(state.open).toBe(0);
      // The slot is free again: the next render runs.
      const next = renderer.pdf('<p>next</p>');
      await settle();
      state.pending.pop()!();
      expect((await next).toString()).toBe('%PDF-1.7');
    } finally {
      jest.useRealTimers();
    }
  });

  it('launches a new browser after the old one disconnected', async () => {
    const { state, start } = fakeBrowser();
    const renderer = new PdfRenderer({ concurrency: 1, timeoutMs: 60_000 }, start);
    const first = renderer.pdf('<p>1</p>');
    await settle();
    state.pending.shift()!();
    await first;
    state.disconnect();
    const second = renderer.pdf('<p>2</p>');
    await settle();
    state.pending.shift()!();
    await second;
    expect(state.launches).toBe(2);
  });
});
