/**
 * executeBatches in-process: a scripted provider, a real JournalLog in a temp dir, the real
 * Pacer on a fake clock, and an injected sleep that records every wait (nothing really waits).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmsctlError } from '../../src/errors.js';
import type { Provider, SendRequest, SendResult } from '../../src/providers/types.js';
import { JournalLog, type JournalEvent } from '../../src/runs/journal.js';
import { DEFAULT_RETRY, executeBatches, type ExecutorEvent, type ExecutorOptions, type RetryPolicy } from '../../src/send/executor.js';
import { Pacer, parseRate, sleep as realSleep, type Sleep } from '../../src/send/pacing.js';
import type { PlannedBatch } from '../../src/send/plan.js';
import { settlesWithin, waitFor } from '../helpers/wait.js';

let dir: string;
let journalFile: string;
let journal: JournalLog;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-exec-'));
  journalFile = join(dir, 'journal.ndjson');
  journal = await JournalLog.open(journalFile);
});
afterEach(async () => {
  await journal.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const PER_BATCH = 3;
function batches(count: number): PlannedBatch[] {
  return Array.from({ length: count }, (_, index) => {
    const msisdns = Array.from({ length: PER_BATCH }, (_, k) => `668${String(index * PER_BATCH + k).padStart(8, '0')}`);
    return {
      index,
      text: 'hello',
      count: PER_BATCH,
      msisdns: msisdns.join(','),
      rows: msisdns.map((_, k) => String(index * PER_BATCH + k + 2)).join(','),
      parts: 1,
      encoding: 'GSM-7',
      credits: PER_BATCH,
    };
  });
}
async function* stream(list: PlannedBatch[]): AsyncGenerator<PlannedBatch> {
  for (const b of list) yield b;
}
const indexOf = (req: SendRequest) => Number([...numbersIn(req)][0]!.slice(3)) / PER_BATCH;

const ok = (req: SendRequest): SendResult => ({
  reference: `ref-${indexOf(req)}`,
  acceptedCount: numbersIn(req).length,
  rejected: [],
  messageIds: Array.from(numbersIn(req), (m) => ({ msisdn: m, messageId: `id-${m}` })),
});

// Errors as the HTTP client makes them.
const rateLimited = (retryAfterSeconds?: number) =>
  new SmsctlError('rate_limited', 'ThaiBulkSMS is limiting the request rate (HTTP 429)', { code: 'PROVIDER_RATE_LIMITED', status: 429, retryable: true, retryAfterSeconds });
const unavailable503 = () => new SmsctlError('provider', 'ThaiBulkSMS is unavailable (HTTP 503)', { code: 'PROVIDER_UNAVAILABLE', status: 503, retryable: true });
const unreachable = () => new SmsctlError('provider', 'Could not reach ThaiBulkSMS (ECONNREFUSED); nothing was sent', { code: 'NETWORK_UNREACHABLE', retryable: true });
const failure500 = () => new SmsctlError('provider', 'ThaiBulkSMS is unavailable (HTTP 500) — the request may have been processed', { code: 'PROVIDER_UNAVAILABLE', status: 500, outcomeUnknown: true });
const unauthorized = () => new SmsctlError('auth', 'ThaiBulkSMS did not accept the credentials (HTTP 401)', { code: 'PROVIDER_AUTH_FAILED', status: 401 });

type Script = (req: SendRequest, index: number, call: number) => SendResult | SmsctlError | Promise<SendResult | SmsctlError>;

interface Harness {
  provider: Provider;
  calls: { index: number; at: number }[];
  sleeps: number[];
  pacerWaits: number[];
  events: ExecutorEvent[];
  clock: { now: number };
  run(extra?: Partial<ExecutorOptions>): ReturnType<typeof executeBatches>;
  journalEvents(): JournalEvent[];
}

function harness(list: PlannedBatch[], script: Script, opts: { concurrency?: number; rate?: string; maxFailures?: number; retry?: RetryPolicy } = {}): Harness {
  const clock = { now: 0 };
  const calls: Harness['calls'] = [];
  const sleeps: number[] = [];
  const pacerWaits: number[] = [];
  const events: ExecutorEvent[] = [];
  const perBatch = new Map<number, number>();
  const provider: Provider = {
    id: 'thaibulksms',
    displayName: 'ThaiBulkSMS',
    capabilities: { maxRecipientsPerRequest: 500, send: {}, senderRequired: false },
    async send(req) {
      const index = indexOf(req);
      const call = (perBatch.get(index) ?? 0) + 1;
      perBatch.set(index, call);
      calls.push({ index, at: clock.now });
      const r = await script(req, index, call);
      if (r instanceof SmsctlError) throw r;
      return r;
    },
    balance: async () => ({ balance: 1e9 }),
  };
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
    clock.now += ms;
  };
  // Waiters that overlap wait for the same time, as with a real clock.
  const pacer = new Pacer(parseRate(opts.rate ?? 'none'), () => clock.now, async (ms) => {
    pacerWaits.push(ms);
    const until = clock.now + ms;
    await null;
    clock.now = Math.max(clock.now, until);
  });
  return {
    provider,
    calls,
    sleeps,
    pacerWaits,
    events,
    clock,
    run: (extra = {}) =>
      executeBatches({
        provider,
        batches: stream(list),
        journal,
        concurrency: opts.concurrency ?? 1,
        pacer,
        signal: new AbortController().signal,
        maxFailures: opts.maxFailures ?? 3,
        retry: opts.retry,
        now: () => clock.now,
        sleep,
        random: () => 1,
        onEvent: (e) => events.push(e),
        ...extra,
      }),
    journalEvents: () =>
      readFileSync(journalFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as JournalEvent),
  };
}

const until = (cond: () => boolean, what: string) => waitFor(cond, { timeoutMs: 3000, intervalMs: 1, what });

const brief = (e: JournalEvent) => ('i' in e ? `${e.i}:${e.s}${e.s === 'started' ? `#${e.attempt}` : e.s === 'deferred' ? `(${e.why})` : ''}` : e.e);
const waits = (events: ExecutorEvent[]) => events.filter((e): e is Extract<ExecutorEvent, { type: 'wait' }> => e.type === 'wait');
const dones = (events: ExecutorEvent[]) => events.filter((e): e is Extract<ExecutorEvent, { type: 'done' }> => e.type === 'done');

describe('retries', () => {
  it('429 with Retry-After: waits exactly that long, says so, then sends', async () => {
    const h = harness(batches(1), (req, _i, call) => (call === 1 ? rateLimited(7) : ok(req)));
    const result = await h.run();
    await journal.close();
    expect(result).toEqual({});
    expect(h.sleeps).toEqual([7000]);
    expect(waits(h.events).map((w) => [w.ms, w.attempt, w.maxAttempts, w.reason])).toEqual([[7000, 2, 6, 'ThaiBulkSMS is limiting the request rate (HTTP 429)']]);
    expect(dones(h.events).map((d) => d.outcome)).toEqual(['sent']);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '0:deferred(PROVIDER_RATE_LIMITED)', '0:started#2', '0:sent']);
    const [started1, deferred, started2, sent] = h.journalEvents() as Extract<JournalEvent, { i: number }>[];
    expect([started1!.t, deferred!.t, started2!.t, sent!.t]).toEqual([0, 0, 7000, 7000]);
    expect(sent).toMatchObject({ n: PER_BATCH, ref: 'ref-0', ids: [['66800000000', 'id-66800000000'], ['66800000001', 'id-66800000001'], ['66800000002', 'id-66800000002']] });
    expect(h.calls.map((c) => c.index)).toEqual([0, 0]);
  });

  it('429 pauses the pacer for every worker: no batch starts before the Retry-After has passed', async () => {
    let waiting!: () => void;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const h = harness(batches(3), async (req, i, call) => {
      if (i === 0 && call === 1) return rateLimited(7);
      if (i === 1) await isWaiting;
      return ok(req);
    }, { concurrency: 2 });
    // The executor's own sleep returns at once and moves no clock: only the pacer holds batches back.
    const slept: number[] = [];
    await h.run({ sleep: async (ms) => void (slept.push(ms), waiting()) });
    await journal.close();
    expect(slept).toEqual([7000]);
    const started = h.journalEvents().filter((e) => 'i' in e && e.s === 'started') as Extract<JournalEvent, { s: 'started' }>[];
    expect(started.map((e) => [e.i, e.attempt, e.t])).toEqual([
      [0, 1, 0],
      [1, 1, 0],
      [0, 2, 7000],
      [2, 1, 7000],
    ]);
  });

  it('429 without Retry-After, 503 and "nothing reached the provider": full-jitter backoff 500 ms, 1 s, 2 s …', async () => {
    const errors = [rateLimited(), unavailable503(), unreachable(), unavailable503(), rateLimited()];
    const h = harness(batches(1), (req, _i, call) => errors[call - 1] ?? ok(req));
    expect(await h.run()).toEqual({});
    await journal.close();
    // random() = 1: the top of each window.
    expect(h.sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(waits(h.events).map((w) => [w.ms, w.attempt])).toEqual([
      [500, 2],
      [1000, 3],
      [2000, 4],
      [4000, 5],
      [8000, 6],
    ]);
    expect(h.journalEvents().map(brief)).toEqual([
      '0:started#1',
      '0:deferred(PROVIDER_RATE_LIMITED)',
      '0:started#2',
      '0:deferred(PROVIDER_UNAVAILABLE)',
      '0:started#3',
      '0:deferred(NETWORK_UNREACHABLE)',
      '0:started#4',
      '0:deferred(PROVIDER_UNAVAILABLE)',
      '0:started#5',
      '0:deferred(PROVIDER_RATE_LIMITED)',
      '0:started#6',
      '0:sent',
    ]);
  });

  it('backoff follows random(): half the window at random() = 0.5', async () => {
    const h = harness(batches(1), (req, _i, call) => (call < 4 ? unavailable503() : ok(req)));
    await h.run({ random: () => 0.5 });
    expect(h.sleeps).toEqual([250, 500, 1000]);
  });

  it('still retryable after the last attempt: a definite failure (never unknown), every wait announced', async () => {
    const h = harness(batches(1), () => unavailable503());
    expect(await h.run()).toEqual({});
    await journal.close();
    expect(h.calls).toHaveLength(DEFAULT_RETRY.maxAttempts);
    expect(h.sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(waits(h.events)).toHaveLength(h.sleeps.length);
    expect(dones(h.events).map((d) => [d.outcome, d.error?.code])).toEqual([['failed', 'PROVIDER_UNAVAILABLE']]);
    const last = h.journalEvents().at(-1);
    expect(last).toMatchObject({ i: 0, s: 'failed', n: PER_BATCH, error: { kind: 'provider', code: 'PROVIDER_UNAVAILABLE' } });
  });

  it('gives up before a wait would pass the retry budget (maxWaitMs)', async () => {
    const h = harness(batches(1), () => unavailable503(), { retry: { maxAttempts: 10, maxWaitMs: 5000 } });
    await h.run();
    await journal.close();
    // 500 + 1000 + 2000 = 3500; the next 4000 would make 7500 > 5000.
    expect(h.sleeps).toEqual([500, 1000, 2000]);
    expect(h.calls).toHaveLength(4);
    expect(h.journalEvents().at(-1)).toMatchObject({ s: 'failed' });
  });

  it('a Retry-After longer than the whole budget is not waited: failed at once', async () => {
    const h = harness(batches(1), () => rateLimited(3600));
    await h.run();
    await journal.close();
    expect(h.sleeps).toEqual([]);
    expect(h.calls).toHaveLength(1);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '0:failed']);
  });

  it('500 (outcome unknown) is never sent again and is recorded as unknown', async () => {
    const h = harness(batches(2), (req, i) => (i === 0 ? failure500() : ok(req)));
    expect(await h.run()).toEqual({});
    await journal.close();
    expect(h.calls.map((c) => c.index)).toEqual([0, 1]);
    expect(h.sleeps).toEqual([]);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '0:unknown', '1:started#1', '1:sent']);
  });

  it('a thrown non-SmsctlError is an internal error of unknown outcome, and stops the run', async () => {
    const h = harness(batches(3), () => {
      throw new TypeError('boom');
    });
    const result = await h.run();
    await journal.close();
    expect(result.stoppedBy).toBe('fatal');
    expect(result.stopError?.kind).toBe('internal');
    expect(h.calls).toHaveLength(1);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '0:unknown']);
  });
});

describe('stopping', () => {
  it('after maxFailures failed/unknown in a row; a success in between resets the count', async () => {
    const outcome = ['x', 'ok', 'x', 'x', 'ok', 'ok'];
    const h = harness(batches(6), (req, i) => (outcome[i] === 'x' ? failure500() : ok(req)), { maxFailures: 2 });
    const result = await h.run();
    await journal.close();
    expect(result.stoppedBy).toBe('failures');
    expect(result.stopError?.status).toBe(500);
    expect(h.calls.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '0:unknown', '1:started#1', '1:sent', '2:started#1', '2:unknown', '3:started#1', '3:unknown']);
  });

  it('at once on auth: nothing more is handed out', async () => {
    const h = harness(batches(5), () => unauthorized());
    const result = await h.run();
    await journal.close();
    expect(result.stoppedBy).toBe('fatal');
    expect(result.stopError?.code).toBe('PROVIDER_AUTH_FAILED');
    expect(h.calls).toHaveLength(1);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '0:failed']);
  });

  it('a stop interrupts a batch waiting out its Retry-After: the run ends now, the batch stays deferred', async () => {
    // Batch 0 is told to wait 60 s; while it waits, batch 1 meets a 401. The executor must
    // not sit out the 60 s: nothing more will be sent this run. The sleep below ends only
    // when the signal it was given aborts (as the real one does): never by itself.
    let waiting!: () => void;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const h = harness(batches(4), async (req, i) => {
      if (i === 0) return rateLimited(60);
      if (i === 1) {
        await isWaiting;
        return unauthorized();
      }
      return ok(req);
    }, { concurrency: 2 });
    const sleeps: number[] = [];
    const cutShort: boolean[] = [];
    const sleep: Sleep = (ms, signal) =>
      new Promise<void>((resolve) => {
        sleeps.push(ms);
        waiting();
        signal?.addEventListener('abort', () => (cutShort.push(true), resolve()), { once: true });
      });
    const result = await settlesWithin(h.run({ sleep }), 10_000, 'the end of a stopped run while a batch still waits out its 60 s Retry-After');
    await journal.close();
    expect(sleeps).toEqual([60_000]);
    expect(cutShort, 'the stop ended the Retry-After wait').toEqual([true]);
    expect(result.stoppedBy).toBe('fatal');
    expect(h.calls.map((c) => c.index)).toEqual([0, 1]);
    expect(h.journalEvents().map(brief)).toEqual(['0:started#1', '1:started#1', '0:deferred(PROVIDER_RATE_LIMITED)', '1:failed']);
  });
});

describe('hand-out and pacing', () => {
  it('16 batches waiting out a Retry-After at once: no MaxListenersExceededWarning (it would land inside the progress bar)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const h = harness(batches(16), (req, _index, call) => (call === 1 ? rateLimited(0.02) : ok(req)), { concurrency: 16 });
      const result = await h.run({ sleep: realSleep });
      expect(result.stoppedBy).toBeUndefined();
      expect(h.calls).toHaveLength(32);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('concurrency 3: batches start in plan order, never more than 3 in flight, whatever order they finish in', async () => {
    const pending = new Map<number, () => void>();
    let inFlight = 0;
    let maxInFlight = 0;
    const startOrder: number[] = [];
    const h = harness(batches(10), async (req, i) => {
      startOrder.push(i);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => pending.set(i, resolve));
      inFlight--;
      return ok(req);
    }, { concurrency: 3 });
    const run = h.run();
    await until(() => startOrder.length >= 3, 'three batches to start');
    // A moment for a fourth batch to start if the hand-out let it (nothing to wait for when it is right).
    await new Promise((r) => setTimeout(r, 50));
    expect(startOrder).toEqual([0, 1, 2]);
    // Finish out of order: the freed worker always takes the next batch of the plan.
    const finishOrder = [2, 0, 4, 1, 3, 7, 5, 6, 9, 8];
    for (const i of finishOrder) {
      await until(() => pending.has(i), `batch ${i} to start`);
      expect(inFlight).toBeLessThanOrEqual(3);
      pending.get(i)!();
    }
    expect(await run).toEqual({});
    await journal.close();
    expect(startOrder).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(maxInFlight).toBe(3);
    const ev = h.journalEvents();
    for (let i = 0; i < 10; i++) expect(ev.filter((e) => 'i' in e && e.i === i).map(brief)).toEqual([`${i}:started#1`, `${i}:sent`]);
    // "started" is on disk before the request: each batch's started line precedes its sent line,
    // and the first three started lines come before any sent line.
    expect(ev.slice(0, 3).map(brief)).toEqual(['0:started#1', '1:started#1', '2:started#1']);
  });

  it('Pacer: at 10/s requests leave 100 ms apart, even with 3 workers', async () => {
    const h = harness(batches(6), (req) => ok(req), { concurrency: 3, rate: '10/s' });
    await h.run();
    await journal.close();
    // A batch's "started" time is its slot: taken from the pacer just before the request.
    const started = h.journalEvents().filter((e) => 'i' in e && e.s === 'started') as Extract<JournalEvent, { s: 'started' }>[];
    expect(started.map((e) => e.i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started.map((e) => e.t)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(h.pacerWaits.every((ms) => ms > 0 && ms <= 100)).toBe(true);
  });

  it('Pacer: 120/min is one every 500 ms', async () => {
    let clock = 0;
    const waited: number[] = [];
    const pacer = new Pacer(parseRate('120/min'), () => clock, async (ms) => {
      waited.push(ms);
      clock += ms;
    });
    const at: number[] = [];
    for (let k = 0; k < 4; k++) {
      expect(await pacer.take()).toBe(true);
      at.push(clock);
    }
    expect(at).toEqual([0, 500, 1000, 1500]);
    expect(waited).toEqual([500, 500, 500]);
  });

  it('Pacer: pause() holds every take until it has passed, and a slot already later is kept', async () => {
    let clock = 1000;
    const pacer = new Pacer(parseRate('none'), () => clock, async (ms) => {
      clock += ms;
    });
    await pacer.take();
    pacer.pause(3000);
    await pacer.take();
    expect(clock).toBe(4000);
    pacer.pause(500);
    pacer.pause(200);
    await pacer.take();
    expect(clock).toBe(4500);
  });

  it('Pacer: an aborted signal makes take() answer false', async () => {
    const controller = new AbortController();
    let clock = 0;
    const pacer = new Pacer(parseRate('1/s'), () => clock, async (ms, signal) => {
      controller.abort();
      if (!signal?.aborted) clock += ms;
    });
    expect(await pacer.take(controller.signal)).toBe(true);
    expect(await pacer.take(controller.signal)).toBe(false);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const h = harness(batches(3), (req) => ok(req), { concurrency: 2 });
    const result = await h.run({ signal: controller.signal });
    await journal.close();
    expect(result.stoppedBy).toBe('signal');
    expect(h.calls).toEqual([]);
    expect(h.journalEvents()).toEqual([]);
  });
});

/** The numbers of a send (the executor sends to numbers only). */
function numbersIn(req: SendRequest): readonly string[] {
  return 'msisdns' in req.audience ? [...req.audience.msisdns] : [];
}
