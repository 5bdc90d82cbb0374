// One deadline per request from its arrival, whatever the commands inside it do (issue 15 item 8).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceeded, withDeadline } from '../../src/app/deadline.js';

describe('withDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes the result through when the work ends in time', async () => {
    const got = withDeadline(new Promise((r) => setTimeout(() => r('ok'), 150)), 200, Date.now());
    await vi.advanceTimersByTimeAsync(150);
    await expect(got).resolves.toBe('ok');
  });

  it('passes the work\'s own failure through', async () => {
    const got = withDeadline(Promise.reject(new Error('NOSCRIPT')), 200, Date.now());
    await expect(got).rejects.toThrow('NOSCRIPT');
  });

  it('gives up at the budget counted from arrival, not from when the work started', async () => {
    const arrivedAt = Date.now();
    await vi.advanceTimersByTimeAsync(120); // e.g. spent queued behind a stalled pipeline
    const got = withDeadline(new Promise(() => {}), 200, arrivedAt);
    const seen = vi.fn();
    got.catch(seen);
    await vi.advanceTimersByTimeAsync(79);
    expect(seen).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveBeenCalledWith(expect.any(DeadlineExceeded));
  });

  it('is already over when the budget was spent before the work began', async () => {
    const arrivedAt = Date.now();
    await vi.advanceTimersByTimeAsync(250);
    await expect(withDeadline(new Promise(() => {}), 200, arrivedAt)).rejects.toBeInstanceOf(DeadlineExceeded);
  });

  it('a late failure of abandoned work is not an unhandled rejection', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 500));
    await expect(Promise.all([withDeadline(late, 200, Date.now()), vi.advanceTimersByTimeAsync(600)])).rejects.toBeInstanceOf(DeadlineExceeded);
  });
});
