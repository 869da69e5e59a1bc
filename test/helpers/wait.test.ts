/** The polling helpers the other tests wait with. */
import { describe, expect, it } from 'vitest';
import { settlesWithin, waitFor } from './wait.js';

describe('waitFor', () => {
  it('returns the first truthy value, checking again until then', async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 })).toBe('after 3');
    expect(calls).toBe(3);
  });

  it('treats a check that throws as "not yet", so expect() can be the check', async () => {
    let n = 0;
    await waitFor(() => expect(++n).toBe(4), { intervalMs: 1 });
    expect(n).toBe(4);
    expect(await waitFor(async () => 'async ok')).toBe('async ok');
  });

  it('fails at the deadline naming what never happened and the last failure', async () => {
    const error = await waitFor(() => expect('no').toBe('yes'), { timeoutMs: 30, intervalMs: 5, what: 'the answer to be yes' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^waitFor: gave up after 30 ms \(\d+ checks\) waiting for the answer to be yes; last check failed: .*expected 'no' to be 'yes'/);
    const never = await waitFor(() => false, { timeoutMs: 20, intervalMs: 5 }).catch((e: Error) => e);
    expect((never as Error).message).toMatch(/waiting for \(\) => false; the check never held$/);
  });
});

describe('settlesWithin', () => {
  it('passes a settled promise through, and fails one that is still pending at the deadline', async () => {
    expect(await settlesWithin(Promise.resolve(7), 1000, 'seven')).toBe(7);
    await expect(settlesWithin(Promise.reject(new Error('own error')), 1000, 'x')).rejects.toThrow('own error');
    await expect(settlesWithin(new Promise(() => {}), 20, 'the exit')).rejects.toThrow('settlesWithin: the exit did not happen within 20 ms');
  });
});
