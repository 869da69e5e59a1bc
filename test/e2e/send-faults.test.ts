/**
 * Exactly-once under faults: a 5,000-number ThaiBulkSMS send (10 requests of 500, 4 in
 * flight, no rate limit) against a local gateway that misbehaves on chosen requests. For
 * every fault: the exit code, the numbers the gateway received and accepted (answered 2xx),
 * the JSON tallies, and what `send --resume` sends afterwards (never an unknown batch unless
 * --resend-unknown). The built CLI runs as a child process, as cron would run it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type CannedResponse, type RequestHead, type TestServer } from '../helpers/http-server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { settlesWithin } from '../helpers/wait.js';

const TOTAL = 5000;
const BATCH = 500;
const BATCHES = TOTAL / BATCH;
const national = (i: number) => `09${20000000 + i}`;
const ALL = Array.from({ length: TOTAL }, (_, i) => national(i));
/** Plan order is input order, one text: number i is in batch floor(i / 500). */
const batchOf = (n: string) => Math.floor((Number(n.slice(2)) - 20000000) / BATCH);
const numbersOfBatch = (b: number) => ALL.slice(b * BATCH, (b + 1) * BATCH);
/** The CSV's header is row 1: number i is on row i + 2. */
const numberOfRow = (row: number) => national(row - 2);

let server: TestServer;
let gw: Gateway;
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(async () => {
  server = await startTestServer();
  gw = new Gateway(server);
  tmp = tempConfigDir();
});
afterEach(async () => {
  tmp.cleanup();
  await server.close();
});

const env = () => ({
  SMSCTL_PROVIDER: 'thaibulksms',
  SMSCTL_BASE_URL: server.url,
  SMSCTL_API_KEY: 'tbs_key_abcdef0123456789',
  SMSCTL_API_SECRET: 'tbs_secret_abcdef0123456789',
});

// ---------------------------------------------------------------------------------------
// The gateway: records every POST /sms with the numbers it carried and how it was answered.

interface FaultInput {
  nth: number;
  numbers: string[];
  batch: number;
  /** 1-based: how many times this batch has reached the gateway, this one included. */
  attempt: number;
}
type Fault = (f: FaultInput) => CannedResponse | undefined;

interface Arrival {
  phase: number;
  nth: number;
  /** ms since the gateway started, when the request's body was read (or it was dropped). */
  at: number;
  numbers: string[];
  complete: boolean;
  /** HTTP status answered, or how it was not answered. */
  fate: number | 'hang' | 'destroy' | 'destroyBeforeBody';
}

const okBody = (numbers: string[], nth: number) => ({
  status: 201,
  body: {
    remaining_credit: 90000,
    total_use_credit: numbers.length,
    credit_type: 'standard',
    phone_number_list: numbers.map((n) => ({ number: n, message_id: `m${nth}-${n}`, used_credit: 1 })),
    bad_phone_number_list: [],
  },
});
const errorBody = (status: number, code: number, name: string, description: string, headers?: Record<string, string>): CannedResponse => ({
  status,
  ...(headers && { headers }),
  body: { error: { code, name, description } },
});

class Gateway {
  readonly arrivals: Arrival[] = [];
  /** Times each number was answered 2xx, over every phase. */
  readonly accepted = new Map<string, number>();
  phase = 1;
  fault: Fault | undefined;
  before: ((nth: number, head: RequestHead) => CannedResponse | undefined) | undefined;
  /** Added to every answer that is not a fault (to make requests overlap). */
  okDelayMs = 0;
  private readonly attempts = new Map<number, number>();
  private readonly t0 = performance.now();

  constructor(server: TestServer) {
    server.route({ method: 'GET', path: '/credit' }, () => ({ body: { remaining_credit: 100000 } }));
    server.route(
      { method: 'POST', path: '/sms' },
      (req, nth) => {
        const numbers = (new URLSearchParams(req.body).get('msisdn') ?? '').split(',').filter(Boolean);
        const batch = batchOf(numbers[0]!);
        const attempt = (this.attempts.get(batch) ?? 0) + 1;
        this.attempts.set(batch, attempt);
        const fault = this.fault?.({ nth, numbers, batch, attempt });
        const res: CannedResponse = fault ?? { ...okBody(numbers, nth), delayMs: this.okDelayMs };
        const fate = res.hang ? 'hang' : res.destroy ? 'destroy' : (res.status ?? 200);
        const arrival: Arrival = { phase: this.phase, nth, at: this.now(), numbers, complete: req.complete, fate };
        this.arrivals.push(arrival);
        if (typeof fate === 'number' && fate >= 200 && fate < 300) for (const n of numbers) this.accepted.set(n, (this.accepted.get(n) ?? 0) + 1);
        return res;
      },
      {
        beforeBody: (head, nth) => {
          const res = this.before?.(nth, head);
          if (res) this.arrivals.push({ phase: this.phase, nth, at: this.now(), numbers: [], complete: false, fate: 'destroyBeforeBody' });
          return res;
        },
      },
    );
  }

  now(): number {
    return performance.now() - this.t0;
  }

  inPhase(phase: number): Arrival[] {
    return this.arrivals.filter((a) => a.phase === phase);
  }

  /** Numbers the gateway read in full requests in a phase, with how many times each. */
  received(phase: number): Map<string, number> {
    const m = new Map<string, number>();
    for (const a of this.inPhase(phase)) for (const n of a.numbers) m.set(n, (m.get(n) ?? 0) + 1);
    return m;
  }

  acceptedIn(phase: number): Arrival[] {
    return this.inPhase(phase).filter((a) => typeof a.fate === 'number' && a.fate >= 200 && a.fate < 300);
  }
}

// ---------------------------------------------------------------------------------------

function writeCsv(extraRows: string[] = []): string {
  const file = join(tmp.dir, 'list.csv');
  writeFileSync(file, ['phone', ...ALL, ...extraRows].join('\n') + '\n');
  return file;
}

interface SendOut {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, any>;
}

async function smsctl(args: string[]): Promise<SendOut> {
  const r = await runCli(args, { configDir: tmp.dir, env: env() });
  let json: Record<string, any>;
  try {
    json = JSON.parse(r.stdout) as Record<string, any>;
  } catch {
    throw new Error(`stdout is not one JSON object (exit ${r.code}):\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
  return { ...r, json };
}

const FAST = ['--concurrency', '4', '--rate', 'none'];

function sendFresh(extra: string[] = [], csv = writeCsv()): Promise<SendOut> {
  return smsctl(['send', '--csv', csv, '-m', 'promo', ...FAST, '--yes', '--json', ...extra]);
}

function resume(runId: string, extra: string[] = []): Promise<SendOut> {
  return smsctl(['send', '--resume', runId, ...FAST, '--yes', '--json', ...extra]);
}

/** The numbers of the batches the JSON lists as unresolved with this outcome. */
function unresolvedNumbers(json: Record<string, any>, outcome: 'unknown' | 'failed'): Set<string> {
  const out = new Set<string>();
  for (const u of json.unresolved as { outcome: string; recipients: number; rows: { first: number; last: number } }[]) {
    if (u.outcome !== outcome) continue;
    expect(u.rows.last - u.rows.first + 1).toBe(u.recipients);
    for (let row = u.rows.first; row <= u.rows.last; row++) out.add(numberOfRow(row));
  }
  return out;
}

/** Answers after which the gateway may have sent the batch (smsctl cannot know). */
const mayHaveTaken = (fate: Arrival['fate']) => fate === 'hang' || fate === 'destroy' || (typeof fate === 'number' && fate >= 500 && fate !== 503);
/** Answers that say the gateway took nothing: "not now" (429, 503) or a refusal (4xx). */
const tookNothing = (fate: Arrival['fate']) => typeof fate === 'number' && (fate === 503 || (fate >= 400 && fate < 500));

const tally = (requests: number, recipients = requests * BATCH) => ({ requests, recipients });

/** What must hold after any pass: no number accepted twice; the JSON agrees with the gateway. */
function checkRun(json: Record<string, any>, phase: number): { unknown: Set<string>; failed: Set<string>; notSent: Set<string> } {
  for (const [n, times] of gw.accepted) expect(times, `number ${n} accepted ${times} times`).toBe(1);
  const unknown = unresolvedNumbers(json, 'unknown');
  const failed = unresolvedNumbers(json, 'failed');
  const accepted = new Set(gw.accepted.keys());
  for (const n of unknown) expect(accepted.has(n), `unknown number ${n} was accepted`).toBe(false);
  for (const n of failed) expect(accepted.has(n), `failed number ${n} was accepted`).toBe(false);
  const notSent = new Set(ALL.filter((n) => !accepted.has(n) && !unknown.has(n) && !failed.has(n)));
  expect(json.sent).toEqual({ requests: accepted.size / BATCH, recipients: accepted.size });
  expect(json.unknown).toEqual(tally(unknown.size / BATCH));
  expect(json.failed).toEqual(tally(failed.size / BATCH));
  expect(json.notSent).toEqual(tally(notSent.size / BATCH));
  expect(json.rejectedByProvider).toEqual({ recipients: 0 });
  // A batch of unknown outcome reached the gateway (if at all) once, and was never resent.
  const received = new Map<string, number>();
  for (let p = 1; p <= phase; p++) for (const [n, k] of gw.received(p)) received.set(n, (received.get(n) ?? 0) + k);
  for (const n of unknown) expect(received.get(n) ?? 0, `unknown number ${n} received`).toBeLessThanOrEqual(1);
  // Whatever the gateway read and may have processed (a 5xx other than 503, no answer, a drop)
  // is unknown, or was accepted later (--resend-unknown); never failed or not sent.
  const arrivals = gw.arrivals.filter((a) => a.phase <= phase);
  for (const a of arrivals.filter((x) => mayHaveTaken(x.fate))) {
    for (const n of a.numbers) expect(unknown.has(n) || accepted.has(n), `number ${n} answered ${a.fate}: not unknown`).toBe(true);
  }
  // Not sent means the gateway took none of it: at most it answered "not now" (429/503) or refused it.
  for (const a of arrivals.filter((x) => x.fate !== 'destroyBeforeBody' && !tookNothing(x.fate))) {
    for (const n of a.numbers) expect(notSent.has(n), `not-sent number ${n} answered ${a.fate}`).toBe(false);
  }
  const ok = json.unresolved.length === 0 && notSent.size === 0;
  expect(json.ok).toBe(ok);
  expect(json.resume).toBe(ok ? null : `smsctl send --resume ${json.runId} --yes`);
  return { unknown, failed, notSent };
}

/**
 * Resume with a healthy gateway: exactly the not-sent and failed batches are sent, once each,
 * never the unknown ones; afterwards every number but the unknown ones is accepted exactly once.
 */
async function resumeAndCheck(first: Record<string, any>, before: ReturnType<typeof checkRun>): Promise<SendOut> {
  gw.fault = undefined;
  gw.before = undefined;
  gw.phase = 2;
  const r = await resume(first.runId as string);
  const owed = [...before.failed, ...before.notSent].sort();
  const got = gw.inPhase(2).flatMap((a) => a.numbers).sort();
  expect(got).toEqual(owed);
  expect(gw.inPhase(2).every((a) => a.numbers.length === BATCH && a.complete)).toBe(true);
  for (const n of before.unknown) expect(gw.received(2).has(n)).toBe(false);
  expect(r.code).toBe(before.unknown.size ? 8 : 0);
  expect(r.json.runId).toBe(first.runId);
  expect(r.json.resumed).toBe(true);
  const after = checkRun(r.json, 2);
  expect(after.unknown).toEqual(before.unknown);
  expect(after.failed.size + after.notSent.size).toBe(0);
  for (const n of ALL) expect(gw.accepted.get(n) ?? 0, n).toBe(before.unknown.has(n) ? 0 : 1);
  return r;
}

interface Scenario {
  name: string;
  fault?: Fault;
  before?: (nth: number) => CannedResponse | undefined;
  exit: number;
  /** POST /sms requests that reach the gateway in the first pass (retries included). */
  arrivals: number;
  unknown: number;
  failed: number;
  /** What the user is told about the unresolved batch. */
  error?: { code: string | RegExp; status?: number; message: RegExp };
  stderr?: RegExp[];
  /** Batches that reached the gateway twice (answered retryable, then accepted). */
  retried?: number;
}

const at = (n: number, res: CannedResponse): Fault => (f) => (f.nth === n ? res : undefined);

const SCENARIOS: Scenario[] = [
  {
    name: '429 with Retry-After: 1, then OK',
    fault: at(2, errorBody(429, 429, 'ERROR_TOO_MANY_REQUESTS', 'Too many requests.', { 'retry-after': '1' })),
    exit: 0,
    arrivals: BATCHES + 1,
    unknown: 0,
    failed: 0,
    retried: 1,
    stderr: [/request \d+\/10: waiting 1 s before request \d+ again \(attempt 2 of 6\): ThaiBulkSMS is limiting the request rate \(HTTP 429/],
  },
  {
    name: '503, then OK',
    fault: at(3, errorBody(503, 503, 'ERROR_SERVICE_UNAVAILABLE', 'Service unavailable.')),
    exit: 0,
    arrivals: BATCHES + 1,
    unknown: 0,
    failed: 0,
    retried: 1,
    stderr: [/request \d+\/10: waiting \d+ ms before request \d+ again \(attempt 2 of 6\): ThaiBulkSMS is unavailable \(HTTP 503/],
  },
  {
    name: 'an answer that never comes (past --timeout 1)',
    fault: at(2, { hang: true }),
    exit: 8,
    arrivals: BATCHES,
    unknown: 1,
    failed: 0,
    error: { code: 'NETWORK_TIMEOUT', message: /^ThaiBulkSMS did not answer within 1 s \(POST 127\.0\.0\.1:\d+\/sms\) — the request may have been processed; check before sending again$/ },
    stderr: [/OUTCOME UNKNOWN: ThaiBulkSMS did not answer within 1 s/],
  },
  {
    // The gateway never read the body, but the client had written it: from the client's side
    // a reset after the request left is indistinguishable from a reset after it was processed,
    // so smsctl reports it as unknown (never resent blindly). Nothing of it reached the gateway.
    name: 'connection dropped before the gateway read the body',
    before: (nth) => (nth === 2 ? { destroyBeforeBody: true } : undefined),
    exit: 8,
    arrivals: BATCHES,
    unknown: 1,
    failed: 0,
    // (The machine code is NETWORK_TIMEOUT today, though nothing timed out; only the family is pinned.)
    error: {
      code: /^NETWORK_/,
      message: /^The connection to ThaiBulkSMS failed before an answer arrived \((UND_ERR_SOCKET|ECONNRESET|EPIPE): the connection was closed\) \(POST 127\.0\.0\.1:\d+\/sms\) — the request may have been processed; check before sending again$/,
    },
    stderr: [/OUTCOME UNKNOWN: The connection to ThaiBulkSMS failed before an answer arrived/],
  },
  {
    name: 'connection dropped after the gateway read the body',
    fault: at(2, { destroy: true }),
    exit: 8,
    arrivals: BATCHES,
    unknown: 1,
    failed: 0,
    error: { code: /^NETWORK_/, message: /^The connection to ThaiBulkSMS failed before an answer arrived \((UND_ERR_SOCKET|ECONNRESET): the connection was closed\).*may have been processed/ },
  },
  ...([500, 502, 504] as const).map(
    (status): Scenario => ({
      name: `${status}`,
      fault: at(4, errorBody(status, status, 'ERROR_SYSTEM_FAILURE', 'System Failure.')),
      exit: 8,
      arrivals: BATCHES,
      unknown: 1,
      failed: 0,
      error: {
        code: 'PROVIDER_UNAVAILABLE',
        status,
        message: new RegExp(`^ThaiBulkSMS is unavailable \\(HTTP ${status} ERROR_SYSTEM_FAILURE\\): "System Failure\\." — the request may have been processed; check before sending again$`),
      },
      stderr: [new RegExp(`OUTCOME UNKNOWN: ThaiBulkSMS is unavailable \\(HTTP ${status}`)],
    }),
  ),
  {
    // Retryable every time: after 6 attempts the batch is a definite failure, and resume sends it.
    name: '429 with Retry-After: 0 on every attempt of one batch (gives up: failed)',
    fault: (f) => (f.batch === 2 ? errorBody(429, 429, 'ERROR_TOO_MANY_REQUESTS', 'Too many requests.', { 'retry-after': '0' }) : undefined),
    exit: 8,
    arrivals: BATCHES + 5,
    unknown: 0,
    failed: 1,
    error: { code: 'PROVIDER_RATE_LIMITED', status: 429, message: /^ThaiBulkSMS is limiting the request rate \(HTTP 429 ERROR_TOO_MANY_REQUESTS\): "Too many requests\."/ },
    stderr: [/attempt 6 of 6/, /FAILED, not sent/],
  },
];

describe('send under gateway faults (5,000 numbers, 10 requests, 4 in flight)', () => {
  for (const s of SCENARIOS) {
    it(`${s.name}: exit ${s.exit}; every number accepted at most once; resume sends exactly what is owed`, async () => {
      gw.fault = s.fault;
      gw.before = s.before;
      const first = await sendFresh(['--timeout', '1']);
      expect(first.code, first.stderr).toBe(s.exit);
      expect(first.json.requestsPlanned).toBe(BATCHES);
      expect(first.json.recipients.valid).toBe(TOTAL);
      expect(first.json.stoppedBy).toBeNull();
      const arrivals = gw.inPhase(1);
      expect(arrivals).toHaveLength(s.arrivals);
      expect(arrivals.filter((a) => !a.complete)).toHaveLength(s.before ? 1 : 0);
      const state = checkRun(first.json, 1);
      expect(state.unknown.size).toBe(s.unknown * BATCH);
      expect(state.failed.size).toBe(s.failed * BATCH);
      expect(state.notSent.size).toBe(0);
      // Numbers read twice are exactly the retried batches (deferred, then accepted).
      const twice = [...gw.received(1)].filter(([, k]) => k > 1);
      if (s.failed === 0) expect(twice.length).toBe((s.retried ?? 0) * BATCH);
      for (const [n, k] of twice) {
        if (state.failed.has(n)) expect(k).toBe(6);
        else expect([k, gw.accepted.get(n)]).toEqual([2, 1]);
      }
      const unresolved = first.json.unresolved as { outcome: string; error: { kind: string; code: string; message: string } }[];
      expect(unresolved).toHaveLength(s.unknown + s.failed);
      if (s.error) {
        expect(unresolved[0]!.error.code).toMatch(s.error.code instanceof RegExp ? s.error.code : new RegExp(`^${s.error.code}$`));
        expect(unresolved[0]!.error.message).toMatch(s.error.message);
      }
      for (const re of s.stderr ?? []) expect(first.stderr).toMatch(re);
      expect(first.stderr).not.toContain('tbs_secret_abcdef0123456789');

      await resumeAndCheck(first.json, state);
    });
  }

  it('429 Retry-After pauses every worker: nothing leaves for a second, then the batch goes again', async () => {
    gw.okDelayMs = 20;
    gw.fault = at(1, errorBody(429, 429, 'ERROR_TOO_MANY_REQUESTS', 'Too many requests.', { 'retry-after': '1' }));
    const first = await sendFresh();
    expect(first.code, first.stderr).toBe(0);
    const arrivals = gw.inPhase(1);
    const limited = arrivals.find((a) => a.fate === 429)!;
    const again = arrivals.find((a) => a.fate !== 429 && batchOf(a.numbers[0]!) === batchOf(limited.numbers[0]!))!;
    expect(again.at - limited.at).toBeGreaterThanOrEqual(950);
    // Requests already on their way when the 429 came back may still arrive; nothing new starts.
    const during = arrivals.filter((a) => a.at > limited.at + 300 && a.at < limited.at + 900);
    expect(during).toEqual([]);
    checkRun(first.json, 1);
    for (const n of ALL) expect(gw.accepted.get(n)).toBe(1);
  });

  it('resume without --resend-unknown leaves unknown batches alone; --resend-unknown sends them, once', async () => {
    // Two unknown outcomes of different kinds, among 4 in flight.
    gw.fault = (f) => (f.nth === 2 ? errorBody(502, 502, 'ERROR_BAD_GATEWAY', 'Bad gateway.') : f.nth === 5 ? { destroy: true } : undefined);
    const first = await sendFresh();
    expect(first.code, first.stderr).toBe(8);
    const state = checkRun(first.json, 1);
    expect(state.unknown.size).toBe(2 * BATCH);
    const second = await resumeAndCheck(first.json, state);
    expect(second.stderr).toMatch(/Unknown: 1,000 recipients in 2 requests: ThaiBulkSMS offers no way to look a request up/);

    // A second plain resume sends nothing at all.
    gw.phase = 3;
    const third = await resume(first.json.runId);
    expect(third.code).toBe(8);
    expect(gw.inPhase(3)).toEqual([]);
    checkRun(third.json, 3);

    gw.phase = 4;
    const fourth = await resume(first.json.runId, ['--resend-unknown']);
    expect(fourth.code, fourth.stderr).toBe(0);
    expect(gw.inPhase(4).flatMap((a) => a.numbers).sort()).toEqual([...state.unknown].sort());
    const done = checkRun(fourth.json, 4);
    expect(done.unknown.size + done.failed.size + done.notSent.size).toBe(0);
    expect(fourth.json.sent).toEqual(tally(BATCHES));
    expect(fourth.json.resume).toBeNull();
    for (const n of ALL) expect(gw.accepted.get(n)).toBe(1);
  });
});

describe('what the user is told', () => {
  it('a batch given up on after 6 rate-limited attempts says it was tried 6 times, and no wait says "gave up"', async () => {
    gw.fault = (f) => (f.batch === 0 ? errorBody(429, 429, 'ERROR_TOO_MANY_REQUESTS', 'Too many requests.', { 'retry-after': '0' }) : undefined);
    const first = await sendFresh();
    expect(first.code, first.stderr).toBe(8);
    expect(gw.inPhase(1).filter((a) => a.fate === 429)).toHaveLength(6);
    const [u] = first.json.unresolved as { outcome: string; error: { message: string } }[];
    expect(u!.outcome).toBe('failed');
    // Today: "… — gave up after 1 attempt; try again in 0 s", after smsctl made 6.
    expect(u!.error.message).not.toMatch(/after 1 attempt\b/);
    expect(u!.error.message).toMatch(/\b6 attempts\b/);
    // Today every wait line reads "waiting 0 ms before request 1 again …: … — gave up after 1 attempt".
    const waitLines = first.stderr.split('\n').filter((l) => /waiting .* before request \d+ again/.test(l));
    expect(waitLines).toHaveLength(5);
    for (const line of waitLines) expect(line).not.toMatch(/gave up/);
  });
});

describe('concurrency', () => {
  for (const concurrency of [1, 2, 4]) {
    it(`--concurrency ${concurrency}: requests overlap up to, never beyond, ${concurrency}`, async () => {
      gw.okDelayMs = 120;
      const r = await smsctl(['send', '--csv', writeCsv(), '-m', 'promo', '--concurrency', String(concurrency), '--rate', 'none', '--yes', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.pace).toEqual({ concurrency, rate: 'none' });
      expect(server.maxInFlight).toBe(concurrency);
      expect(gw.inPhase(1)).toHaveLength(BATCHES);
      checkRun(r.json, 1);
      for (const n of ALL) expect(gw.accepted.get(n)).toBe(1);
    });
  }
});

describe('stopping', () => {
  const all500: Fault = () => errorBody(500, 500, 'ERROR_SYSTEM_FAILURE', 'System Failure.');

  it('--max-failures 2, every request 500 (one at a time): stops after 2 unknown, the rest not sent; resume sends the rest', async () => {
    gw.fault = all500;
    const first = await smsctl(['send', '--csv', writeCsv(), '-m', 'promo', '--concurrency', '1', '--rate', 'none', '--max-failures', '2', '--yes', '--json']);
    expect(first.code, first.stderr).toBe(8);
    expect(first.json.stoppedBy).toBe('failures');
    expect(first.json.error.code).toBe('PARTIAL_SEND');
    expect(first.json.error.message).toMatch(/^partial send: stopped after repeated failures: ThaiBulkSMS is unavailable \(HTTP 500/);
    expect(gw.inPhase(1)).toHaveLength(2);
    expect(gw.inPhase(1).map((a) => batchOf(a.numbers[0]!))).toEqual([0, 1]);
    const state = checkRun(first.json, 1);
    expect(first.json.unknown).toEqual(tally(2));
    expect(first.json.notSent).toEqual(tally(8));
    expect(first.json.sent).toEqual(tally(0));
    expect(state.unknown).toEqual(new Set([...numbersOfBatch(0), ...numbersOfBatch(1)]));
    await resumeAndCheck(first.json, state);
  });

  it('--max-failures 2, every request 500, 4 in flight: nothing starts after the stop', async () => {
    gw.fault = (f) => ({ ...errorBody(500, 500, 'ERROR_SYSTEM_FAILURE', 'System Failure.'), delayMs: 40 * f.nth });
    const first = await sendFresh(['--max-failures', '2']);
    expect(first.code, first.stderr).toBe(8);
    expect(first.json.stoppedBy).toBe('failures');
    const state = checkRun(first.json, 1);
    const requests = gw.inPhase(1).length;
    // The ones in flight when the second failure came back finish (and are unknown); no more.
    expect(requests).toBeGreaterThanOrEqual(2);
    expect(requests).toBeLessThanOrEqual(2 + 4 - 1);
    expect(first.json.unknown).toEqual(tally(requests));
    expect(first.json.notSent).toEqual(tally(BATCHES - requests));
    // Handed out in plan order: what went out is a prefix of the plan, each batch once.
    expect(gw.inPhase(1).map((a) => batchOf(a.numbers[0]!)).sort((a, b) => a - b)).toEqual(Array.from({ length: requests }, (_, i) => i));
    expect(state.unknown.size).toBe(requests * BATCH);
  });

  it('a 401 while another batch waits out a Retry-After: the run ends at once, not after the wait', async () => {
    // Request 1 is told to come back in 2 minutes; request 2 then meets a 401. Nothing more will
    // be sent this run, so smsctl must not sit out the 2 minutes before it exits: it exits
    // long before they are up, or not in time at all.
    gw.fault = (f) =>
      f.nth === 1
        ? errorBody(429, 429, 'ERROR_TOO_MANY_REQUESTS', 'Too many requests.', { 'retry-after': '120' })
        : { ...errorBody(401, 401, 'ERROR_UNAUTHORIZED', 'Unauthorized.'), delayMs: 300 };
    const r = await settlesWithin(
      smsctl(['send', '--csv', writeCsv(), '-m', 'promo', '--concurrency', '2', '--rate', 'none', '--yes', '--json']),
      20_000,
      'smsctl to exit without waiting out the 120 s Retry-After',
    );
    expect(r.code, r.stderr).toBe(4);
    expect(gw.inPhase(1)).toHaveLength(2);
    expect(gw.accepted.size).toBe(0);
    expect(r.json.stoppedBy).toBe('fatal');
    // The rate-limited batch took nothing: it is not sent, and a resume will send it.
    expect(r.json.failed).toEqual(tally(1));
    expect(r.json.notSent).toEqual(tally(9));
    checkRun(r.json, 1);
  });

  it('401 on the first send request: exit 4 at once, one request received, nothing accepted', async () => {
    gw.fault = () => errorBody(401, 401, 'ERROR_UNAUTHORIZED', 'Unauthorized.');
    const r = await smsctl(['send', '--csv', writeCsv(), '-m', 'promo', '--concurrency', '1', '--rate', 'none', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(4);
    expect(gw.inPhase(1)).toHaveLength(1);
    expect(gw.accepted.size).toBe(0);
    expect(r.json.ok).toBe(false);
    expect(r.json.stoppedBy).toBe('fatal');
    expect(r.json.error).toMatchObject({ kind: 'auth', code: 'PROVIDER_AUTH_FAILED', status: 401 });
    expect(r.json.failed).toEqual(tally(1));
    expect(r.json.notSent).toEqual(tally(9));
    expect(r.json.sent).toEqual(tally(0));
    checkRun(r.json, 1);
    expect(r.stderr).not.toContain('tbs_secret_abcdef0123456789');
  });

  it('401 with 4 in flight: the ones already on the wire are all that arrive; exit 4', async () => {
    gw.fault = () => ({ ...errorBody(401, 401, 'ERROR_UNAUTHORIZED', 'Unauthorized.'), delayMs: 200 });
    const r = await sendFresh();
    expect(r.code, r.stderr).toBe(4);
    const arrivals = gw.inPhase(1);
    expect(arrivals.length).toBeGreaterThanOrEqual(1);
    expect(arrivals.length).toBeLessThanOrEqual(4);
    // Only what was already on the wire when the first 401 came back: a prefix of the plan.
    expect(arrivals.map((a) => batchOf(a.numbers[0]!)).sort((a, b) => a - b)).toEqual(Array.from({ length: arrivals.length }, (_, i) => i));
    expect(gw.accepted.size).toBe(0);
    expect(r.json.stoppedBy).toBe('fatal');
    expect(r.json.failed).toEqual(tally(arrivals.length));
    checkRun(r.json, 1);
  });

  it('400 ERROR_INSUFFICIENT_CREDIT: exit 5, nothing accepted, nothing sent after the stop', async () => {
    gw.fault = () => errorBody(400, 109, 'ERROR_INSUFFICIENT_CREDIT', 'Insufficient credit.');
    const r = await sendFresh();
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/Insufficient credit\./);
    const arrivals = gw.inPhase(1);
    expect(arrivals.length).toBeGreaterThanOrEqual(1);
    expect(arrivals.length).toBeLessThanOrEqual(4);
    expect(gw.accepted.size).toBe(0);
    expect(r.json.error).toMatchObject({ kind: 'credit', code: 'PROVIDER_INSUFFICIENT_CREDIT', providerCode: 'ERROR_INSUFFICIENT_CREDIT' });
    expect(r.json.stoppedBy).toBe('fatal');
    expect(r.json.sent).toEqual(tally(0));
    expect(r.json.failed).toEqual(tally(arrivals.length));
    checkRun(r.json, 1);
  });

  it('400 ERROR_INSUFFICIENT_CREDIT on the very first request, one at a time: exactly one request', async () => {
    gw.fault = at(1, errorBody(400, 109, 'ERROR_INSUFFICIENT_CREDIT', 'Insufficient credit.'));
    const r = await smsctl(['send', '--csv', writeCsv(), '-m', 'promo', '--concurrency', '1', '--rate', 'none', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(5);
    expect(gw.inPhase(1)).toHaveLength(1);
    expect(gw.accepted.size).toBe(0);
    expect(r.json.failed).toEqual(tally(1));
    expect(r.json.notSent).toEqual(tally(9));
  });
});

describe('the per-row report', () => {
  it('after a partial run: one row per input row, outcome as the gateway saw it; fed back, it sends only failed/not_sent rows', async () => {
    // Plan order, one at a time: 0 sent, 1 unknown (500), 2 sent, 3 failed (429 ×6), 4 unknown
    // (502) → two failures in a row with --max-failures 2: stop; 5–9 not sent.
    gw.fault = (f) => {
      if (f.batch === 1) return errorBody(500, 500, 'ERROR_SYSTEM_FAILURE', 'System Failure.');
      if (f.batch === 3) return errorBody(429, 429, 'ERROR_TOO_MANY_REQUESTS', 'Too many requests.', { 'retry-after': '0' });
      if (f.batch === 4) return errorBody(502, 502, 'ERROR_BAD_GATEWAY', 'Bad gateway.');
      return undefined;
    };
    // Plus an invalid row and a duplicate of the first number, after the 5,000.
    const csv = writeCsv(['12345', ALL[0]!]);
    const reportFile = join(tmp.dir, 'report.csv');
    const first = await smsctl(['send', '--csv', csv, '-m', 'promo', '--concurrency', '1', '--rate', 'none', '--max-failures', '2', '--report', reportFile, '--yes', '--json']);
    expect(first.code, first.stderr).toBe(8);
    expect(first.json.report).toBe(reportFile);
    expect(first.json.stoppedBy).toBe('failures');
    const state = checkRun(first.json, 1);
    expect(first.json.sent).toEqual(tally(2));
    expect(first.json.unknown).toEqual(tally(2));
    expect(first.json.failed).toEqual(tally(1));
    expect(first.json.notSent).toEqual(tally(5));
    expect(state.failed).toEqual(new Set(numbersOfBatch(3)));

    const lines = readFileSync(reportFile, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('row,phone,normalised_number,outcome,message_id,reason,run_id');
    expect(lines).toHaveLength(1 + TOTAL + 2);
    const rows = lines.slice(1).map((l) => {
      const [row, phone, normalised, outcome, messageId] = l.split(',');
      return { row: Number(row), phone: phone!, normalised: normalised!, outcome: outcome!, messageId: messageId! };
    });
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: TOTAL + 2 }, (_, i) => i + 2));
    const expected = (n: string) => (gw.accepted.get(n) === 1 ? 'sent' : state.unknown.has(n) ? 'unknown' : state.failed.has(n) ? 'failed' : 'not_sent');
    for (const r of rows.slice(0, TOTAL)) {
      expect(r.phone).toBe(national(r.row - 2));
      expect(r.normalised).toBe(`66${r.phone.slice(1)}`);
      expect(r.outcome, `row ${r.row}`).toBe(expected(r.phone));
      if (r.outcome === 'sent') expect(r.messageId).toMatch(new RegExp(`^m\\d+-${r.phone}$`));
      else expect(r.messageId).toBe('');
    }
    expect(rows[TOTAL]!.outcome).toBe('invalid');
    expect(rows[TOTAL + 1]!.outcome).toBe('duplicate');
    const counts = rows.reduce<Record<string, number>>((m, r) => ((m[r.outcome] = (m[r.outcome] ?? 0) + 1), m), {});
    expect(counts).toEqual({ sent: 1000, unknown: 1000, failed: 500, not_sent: 2500, invalid: 1, duplicate: 1 });

    // Fed back as a new send: only the failed and not_sent rows go out.
    gw.fault = undefined;
    gw.phase = 2;
    const again = await smsctl(['send', '--csv', reportFile, '-m', 'promo', ...FAST, '--yes', '--new', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.runId).not.toBe(first.json.runId);
    const owed = rows.filter((r) => r.outcome === 'failed' || r.outcome === 'not_sent').map((r) => r.phone).sort();
    expect(owed).toHaveLength(3000);
    expect(gw.inPhase(2).flatMap((a) => a.numbers).sort()).toEqual(owed);
    expect(again.json.recipients.valid).toBe(3000);
    expect(again.json.sent).toEqual(tally(6));
    expect(again.stderr).toMatch(/This is a smsctl report: 2,002 rows already sent, of unknown outcome, invalid or duplicate are left out/);
    for (const n of ALL) expect(gw.accepted.get(n) ?? 0, n).toBe(state.unknown.has(n) ? 0 : 1);

    // The report's run was taken over: resuming it as well would send those rows twice.
    const shown = await smsctl(['runs', 'show', first.json.runId, '--json']);
    expect(shown.json).toMatchObject({ status: 'closed', closed: `continued from its report by run ${again.json.runId}` });
    gw.phase = 3;
    const resumed = await smsctl(['send', '--resume', first.json.runId, '--yes', '--json']);
    expect(resumed.code).toBe(2);
    expect(resumed.json.error).toMatchObject({ code: 'RUN_CLOSED' });
    expect(gw.inPhase(3)).toHaveLength(0);
  });
});
