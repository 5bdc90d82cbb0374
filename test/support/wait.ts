// Polling a state a test is waiting for: bounded, so a state never reached fails the test with what
// was awaited instead of hanging it. Used where the state appears asynchronously (a replay, a
// replica, a log line), never to decide on a timing.

/** Resolves with the first value `probe` gives that is not undefined; throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves once `check` holds; throws after `timeoutMs`. */
export async function untilTrue(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000, everyMs = 50): Promise<void> {
  await until(what, async () => ((await check()) ? true : undefined), timeoutMs, everyMs);
}
