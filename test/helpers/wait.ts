/**
 * Waiting in tests without fixed sleeps: poll for the condition that a sleep was standing in
 * for, and fail with a message that says what never happened once a generous deadline passes.
 * A fast machine goes on as soon as the condition holds; a slow one gets the whole deadline.
 */

export interface WaitForOptions {
  /** Give up after this long (default 10 s). Keep it well under the test's own timeout. */
  timeoutMs?: number;
  /** Time between checks (default 10 ms). */
  intervalMs?: number;
  /** What is being waited for, for the failure message. */
  what?: string;
}

/**
 * Calls `check` until it returns a truthy value (which is returned) or stops throwing. A check
 * that throws (an `expect(...)`, a file not written yet) counts as "not yet"; at the deadline the
 * last error is part of the failure message. Checks never overlap: the next starts `intervalMs`
 * after the previous one ended.
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 10;
  const started = Date.now();
  let last: unknown;
  let checks = 0;
  for (;;) {
    checks++;
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started >= timeoutMs) {
      const what = options.what ?? describe(check);
      const why = last === undefined ? 'the check never held' : `last check failed: ${last instanceof Error ? last.message : String(last)}`;
      throw new Error(`waitFor: gave up after ${timeoutMs} ms (${checks} checks) waiting for ${what}; ${why}`, { cause: last });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Resolves as `promise` does, or fails with `what` if it has not settled after `timeoutMs`.
 * For "ends without waiting for X": make X far longer than the deadline (minutes, or never),
 * so that the outcome says whether X was waited for, not how fast the machine is.
 */
export async function settlesWithin<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`settlesWithin: ${what} did not happen within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(check: () => unknown): string {
  const source = String(check).replace(/\s+/g, ' ').trim();
  return source.length > 120 ? `${source.slice(0, 117)}...` : source;
}
