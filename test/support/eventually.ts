/** Retries an assertion until it passes or the time is up: for effects that arrive through events. */
export async function expectEventually(assertion: () => Promise<void> | void, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
