// Seeding runs many store calls, a bounded number at a time: all at once would open a socket per call
// through the admin API, one at a time would wait a round trip each.
export async function forEachInFlight(count: number, inFlight: number, fn: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
}
