/**
 * Stopping a send from outside, with real child processes: Ctrl-C / SIGTERM once (finish
 * what is in flight, record it, report, exit 130 / 143), twice (leave at once), kill -9 at
 * several points, two resumes at once, and the same send started again. What the provider
 * received is the truth: every number at most once, and exactly once unless its request
 * was in flight when the process died.
 *
 * The config store (conf) must be loaded on at least one signal path: its dependency once
 * installed a SIGINT listener that made the first Ctrl-C end the process before anything
 * was recorded. The saved-profile and built-in sandbox cases load it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJournal, settledState, type Settled } from '../../src/runs/journal.js';
import { RUN_ID, readPlan } from '../../src/runs/store.js';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { settlesWithin, waitFor } from '../helpers/wait.js';

const BIN = join(ROOT, 'bin', 'smsctl.js');
const NUMBERS = 10_000; // 20 ThaiBulkSMS requests of 500
const BATCHES = 20;

// ---------------------------------------------------------------------------------------
// A child process we can signal

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when it exited. */
  at: number;
}

interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  kill(signal: NodeJS.Signals): void;
}

const children = new Set<ChildProcess>();

function spawnCli(args: string[], configDir: string, env: Record<string, string> = {}, input = ''): Child {
  const proc = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: configDir, SMSCTL_CONFIG_DIR: configDir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<Exit>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal, at: Date.now() });
    });
  });
  proc.stdin!.end(input);
  return {
    proc,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}

/** The single JSON object a --json command prints on stdout. */
function onlyJson(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n').filter((l) => l.trim() !== '');
  expect(lines, `stdout should be one JSON line:\n${stdout}`).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, any>;
}

/** Only for "nothing more happens": a quiet spell in which a stray request would show up. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------
// A scripted ThaiBulkSMS: GET /credit, POST /sms answered after a delay, or held

interface Received {
  nth: number;
  numbers: string[];
  at: number;
}

type Behaviour = { delayMs: number } | { hold: true };

interface FakeTbs {
  url: string;
  server: TestServer;
  /** Every complete POST /sms, in arrival order (the provider took these numbers). */
  received: Received[];
  /** POST /sms answered 2xx. */
  answered: number;
  /** How request n (1-based, over the server's life) is answered. */
  behaviour: (nth: number) => Behaviour;
  /** Called when request n has been read (before it is answered). */
  onRequest: (nth: number, r: Received) => void;
  /** Called right after request n was answered. */
  onAnswered: (nth: number) => void;
  /** Called when GET /credit arrives; the answer waits creditDelayMs. */
  onCredit: () => void;
  creditDelayMs: number;
  held(): number;
  /** Lets every held request go (its client may be gone). */
  release(): void;
  counts(): Map<string, number>;
  close(): Promise<void>;
}

async function startTbs(): Promise<FakeTbs> {
  const server = await startTestServer();
  const timers = new Set<NodeJS.Timeout>();
  const gates: (() => void)[] = [];
  let closed = false;
  const tbs: FakeTbs = {
    url: server.url,
    server,
    received: [],
    answered: 0,
    behaviour: () => ({ delayMs: 150 }),
    onRequest: () => undefined,
    onAnswered: () => undefined,
    onCredit: () => undefined,
    creditDelayMs: 0,
    held: () => gates.length,
    release: () => {
      for (const g of gates.splice(0)) g();
    },
    counts() {
      const m = new Map<string, number>();
      for (const r of tbs.received) for (const n of r.numbers) m.set(n, (m.get(n) ?? 0) + 1);
      return m;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      tbs.release();
      await server.close({ allowUnused: true });
    },
  };
  server.route({ method: 'GET', path: '/credit' }, () => {
    tbs.onCredit();
    return { body: { remaining_credit: 1_000_000 }, delayMs: tbs.creditDelayMs };
  });
  server.route({ method: 'POST', path: '/sms' }, async (req, nth) => {
    const numbers = (new URLSearchParams(req.body).get('msisdn') ?? '').split(',').filter(Boolean);
    const r: Received = { nth, numbers, at: Date.now() };
    tbs.received.push(r);
    const how = tbs.behaviour(nth);
    tbs.onRequest(nth, r);
    if ('hold' in how) await new Promise<void>((resolve) => gates.push(resolve));
    else if (how.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (timers.delete(t), resolve()), how.delayMs);
        timers.add(t);
      });
    }
    if (closed) return { destroy: true };
    tbs.answered++;
    setImmediate(() => tbs.onAnswered(nth));
    return {
      status: 201,
      body: {
        remaining_credit: 1_000_000,
        total_use_credit: numbers.length,
        credit_type: 'standard',
        phone_number_list: numbers.map((n, i) => ({ number: n, message_id: `m${nth}-${i}`, used_credit: 1 })),
        bad_phone_number_list: [],
      },
    };
  });
  return tbs;
}

// ---------------------------------------------------------------------------------------
// Fixtures and the run on disk

let tmp: ReturnType<typeof tempConfigDir>;
let tbs: FakeTbs;

beforeEach(async () => {
  tmp = tempConfigDir();
  tbs = await startTbs();
});
afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  await tbs.close();
  tmp.cleanup();
});

const tbsEnv = () => ({
  SMSCTL_PROVIDER: 'thaibulksms',
  SMSCTL_BASE_URL: tbs.url,
  SMSCTL_API_KEY: 'tbs_key_abcdef0123456789',
  SMSCTL_API_SECRET: 'tbs_secret_abcdef0123456789',
});

/** National numbers 0920000000…, as ThaiBulkSMS receives them. */
const numberAt = (i: number) => `09${String(20_000_000 + i)}`;

function phoneCsv(count = NUMBERS): string {
  const file = join(tmp.dir, 'list.csv');
  const rows = ['phone'];
  for (let i = 0; i < count; i++) rows.push(numberAt(i));
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

const SEND = (csv: string) => ['send', '--csv', csv, '-m', 'promo', '--concurrency', '2', '--rate', 'none', '--yes', '--json'];
const RESUME = (id: string) => ['send', '--resume', id, '--yes', '--json'];

function runIds(): string[] {
  const dir = join(tmp.dir, 'runs');
  return existsSync(dir) ? readdirSync(dir).filter((n) => RUN_ID.test(n)) : [];
}

interface BatchOnDisk {
  index: number;
  numbers: string[];
  settled: Settled;
}

/** The run's plan and each batch's settled state, read from its files. */
async function runOnDisk(id: string): Promise<BatchOnDisk[]> {
  const dir = join(tmp.dir, 'runs', id);
  const plan: { index: number; msisdns: string }[] = [];
  for await (const b of readPlan(tmp.dir, id)) plan.push(b);
  const journal = await readJournal(join(dir, 'journal.ndjson'), plan.length);
  return plan.map((b) => ({
    index: b.index,
    numbers: b.msisdns.split(',').map((m) => `0${m.slice(2)}`),
    settled: settledState(journal.state(b.index)),
  }));
}

/**
 * What the provider got, against what the run says: no number twice; a batch recorded
 * sent was received exactly once, one not sent (or failed) not at all, an unknown one at most once.
 */
async function expectAtMostOnce(id: string): Promise<BatchOnDisk[]> {
  const counts = tbs.counts();
  const twice = [...counts].filter(([, c]) => c > 1);
  expect(twice.slice(0, 5), 'numbers the provider received more than once').toEqual([]);
  const batches = await runOnDisk(id);
  for (const b of batches) {
    const got = b.numbers.map((n) => counts.get(n) ?? 0);
    if (b.settled === 'unknown') expect(got.every((c) => c <= 1)).toBe(true);
    else expect({ batch: b.index, settled: b.settled, received: [...new Set(got)] }).toEqual({ batch: b.index, settled: b.settled, received: [b.settled === 'sent' ? 1 : 0] });
  }
  return batches;
}

function expectEveryNumberOnce(count = NUMBERS): void {
  const counts = tbs.counts();
  expect(counts.size).toBe(count);
  for (let i = 0; i < count; i++) if (counts.get(numberAt(i)) !== 1) expect({ number: numberAt(i), received: counts.get(numberAt(i)) ?? 0 }).toEqual({ number: numberAt(i), received: 1 });
}

/**
 * A send stopped by one signal once `afterRequests` requests reached the provider, and
 * the checks every such stop must pass.
 */
const EXIT: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', { code: number; kind: string }> = {
  SIGINT: { code: 130, kind: 'interrupted' },
  SIGTERM: { code: 143, kind: 'terminated' },
  SIGHUP: { code: 129, kind: 'hangup' },
};

async function interruptedSend(opts: {
  signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP';
  afterRequests: number;
  args?: string[];
  env?: Record<string, string>;
  resumeCommand?: (id: string) => string;
}): Promise<{ id: string; out: Record<string, any> }> {
  const csv = phoneCsv();
  tbs.behaviour = () => ({ delayMs: 150 });
  const child = spawnCli(opts.args ?? SEND(csv), tmp.dir, opts.env ?? tbsEnv());
  tbs.onRequest = (nth) => {
    if (nth === opts.afterRequests) child.kill(opts.signal);
  };
  const exit = await child.exited;
  tbs.onRequest = () => undefined;
  const receivedAtExit = tbs.received.length;
  const answeredAtExit = tbs.answered;
  expect(exit.code, child.stderr()).toBe(EXIT[opts.signal].code);
  const out = onlyJson(child.stdout());
  const id = out.runId as string;
  expect(id).toMatch(RUN_ID);
  expect(out).toMatchObject({
    ok: false,
    stoppedBy: 'signal',
    error: { kind: EXIT[opts.signal].kind, code: 'INTERRUPTED' },
    resume: (opts.resumeCommand ?? ((i: string) => `smsctl send --resume ${i} --yes`))(id),
  });
  // The requests in flight finished and were recorded; no new one started after the signal.
  expect(out.sent.requests).toBe(answeredAtExit);
  expect(out.sent.requests).toBe(receivedAtExit);
  // With two workers the other one's request may already be on the wire when the signal lands.
  expect(out.sent.requests).toBeGreaterThanOrEqual(opts.afterRequests);
  expect(out.sent.requests).toBeLessThanOrEqual(opts.afterRequests + 1);
  expect(out.sent.recipients).toBe(500 * out.sent.requests);
  expect(out.unknown).toEqual({ requests: 0, recipients: 0 });
  expect(out.failed).toEqual({ requests: 0, recipients: 0 });
  expect(out.notSent).toEqual({ requests: BATCHES - out.sent.requests, recipients: NUMBERS - 500 * out.sent.requests });
  expect(child.stderr()).toMatch(new RegExp(`Resume it with: ${escape(out.resume as string)}`));
  await sleep(300);
  expect(tbs.received.length, 'requests after the process exited').toBe(receivedAtExit);
  await expectAtMostOnce(id);
  return { id, out };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function resumeToTheEnd(id: string, env: Record<string, string> = tbsEnv()): Promise<Record<string, any>> {
  tbs.behaviour = () => ({ delayMs: 5 });
  const r = await runCli(RESUME(id), { configDir: tmp.dir, env });
  expect(r.code, r.stderr).toBe(0);
  const out = onlyJson(r.stdout);
  expect(out).toMatchObject({ ok: true, runId: id, resumed: true, resume: null, sent: { requests: BATCHES, recipients: NUMBERS }, notSent: { requests: 0 } });
  return out;
}

// ---------------------------------------------------------------------------------------

describe('one stop signal: finish what is in flight, record it, report, exit 128+n', () => {
  it('SIGINT mid-send (environment profile): exit 130, one JSON object, the in-flight requests recorded; --resume sends the rest once', async () => {
    const { id } = await interruptedSend({ signal: 'SIGINT', afterRequests: 4 });
    await resumeToTheEnd(id);
    expectEveryNumberOnce();
  });

  it('SIGTERM mid-send: exit 143, the same guarantees', async () => {
    const { id } = await interruptedSend({ signal: 'SIGTERM', afterRequests: 6 });
    await resumeToTheEnd(id);
    expectEveryNumberOnce();
  });

  it('SIGHUP (terminal closed): exit 129, the same guarantees', async () => {
    const { id } = await interruptedSend({ signal: 'SIGHUP', afterRequests: 3 });
    await resumeToTheEnd(id);
    expectEveryNumberOnce();
  });

  it('SIGINT before any request left (during the balance check): exit 130, nothing sent, no run left behind; the same send then goes ahead', async () => {
    // new-run.ts: "a send that cannot start ... leaves no run behind and sends nothing".
    const csv = phoneCsv();
    tbs.creditDelayMs = 400;
    const child = spawnCli(SEND(csv), tmp.dir, tbsEnv());
    tbs.onCredit = () => child.kill('SIGINT');
    const exit = await child.exited;
    tbs.onCredit = () => undefined;
    tbs.creditDelayMs = 0;
    expect(exit.code, child.stderr()).toBe(130);
    expect(onlyJson(child.stdout())).toMatchObject({ ok: false, error: { kind: 'interrupted' } });
    expect(tbs.received).toHaveLength(0);
    expect(runIds(), 'a Ctrl-C before anything was sent should leave no unfinished run behind').toEqual([]);
    tbs.behaviour = () => ({ delayMs: 0 });
    const again = await runCli(SEND(csv), { configDir: tmp.dir, env: tbsEnv() });
    expect(again.code, `the same send again: ${again.stderr}`).toBe(0);
    expectEveryNumberOnce();
  });

  it('SIGINT while a long list is still being read: stops reading at once, exit 130, nothing sent, no run left', async () => {
    const csv = phoneCsv(400_000);
    const child = spawnCli(SEND(csv), tmp.dir, tbsEnv());
    // The run's copy of its input appears as soon as reading starts.
    await waitFor(() => runIds().some((id) => existsSync(join(tmp.dir, 'runs', id, 'input.csv'))), { timeoutMs: 15_000, what: 'reading to start' });
    child.kill('SIGINT');
    const exit = await child.exited;
    expect(exit.code, child.stderr()).toBe(130);
    expect(onlyJson(child.stdout())).toMatchObject({ ok: false, error: { kind: 'interrupted', message: expect.stringContaining('while reading the list') } });
    expect(tbs.received).toHaveLength(0);
    expect(runIds()).toEqual([]);
  });

  it('SIGINT with a SAVED profile (the config store is loaded): still exit 130 after the in-flight requests finished', async () => {
    const add = await runCli(['profile', 'add', 'tbs', '--provider', 'thaibulksms', '--base-url', tbs.url, '--secrets-stdin'], {
      configDir: tmp.dir,
      input: 'tbs_key_abcdef0123456789\ntbs_secret_abcdef0123456789\n',
    });
    expect(add.code, add.stderr).toBe(0);
    const csv = phoneCsv();
    const { id } = await interruptedSend({
      signal: 'SIGINT',
      afterRequests: 4,
      args: ['--profile', 'tbs', ...SEND(csv)],
      env: {},
      resumeCommand: (i) => `smsctl --profile tbs send --resume ${i} --yes`,
    });
    // No --profile: the run continues with the profile that started it.
    await resumeToTheEnd(id, {});
    expectEveryNumberOnce();
  });

  it('SIGINT with the built-in sandbox profile (ME-SMS in-process): exit 130, recorded; --resume completes, each number once at the emulator', async () => {
    // One request a row: enough that the send is still going when the signal lands, and few
    // enough that the resume does not spend seconds sending the rest.
    const rows = 1000;
    const file = join(tmp.dir, 'named.csv');
    const lines = ['phone,name'];
    for (let i = 0; i < rows; i++) lines.push(`${numberAt(i)},n${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const child = spawnCli(['--profile', 'sandbox', 'send', '--csv', file, '-m', 'Hi {{name}}', '--concurrency', '1', '--rate', 'none', '--yes', '--json'], tmp.dir);
    // Signal once sending is well under way (about half a second in on a quiet machine).
    const sentLines = () => {
      const [id] = runIds();
      const journal = id && join(tmp.dir, 'runs', id, 'journal.ndjson');
      return journal && existsSync(journal) ? readFileSync(journal, 'utf8').split('"s":"sent"').length - 1 : 0;
    };
    await waitFor(() => sentLines() >= 40 || child.proc.exitCode !== null, { timeoutMs: 20_000, what: 'the sandbox send to get going' });
    child.kill('SIGINT');
    const exit = await child.exited;
    expect(exit.code, child.stderr()).toBe(130);
    const out = onlyJson(child.stdout());
    const id = out.runId as string;
    expect(out).toMatchObject({ ok: false, stoppedBy: 'signal', resume: `smsctl --profile sandbox send --resume ${id} --yes`, unknown: { requests: 0 }, failed: { requests: 0 } });
    expect(out.sent.requests).toBeGreaterThanOrEqual(40);
    expect(out.sent.requests).toBeLessThan(rows);
    expect(out.sent.requests + out.notSent.requests).toBe(rows);
    const firstPass = sandboxCounts();
    expect(firstPass.total).toBe(out.sent.requests);

    const r = await runCli(RESUME(id), { configDir: tmp.dir, timeoutMs: 50_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout)).toMatchObject({ ok: true, sent: { requests: rows, recipients: rows }, notSent: { requests: 0 } });
    const after = sandboxCounts();
    expect(after.total).toBe(rows);
    expect(after.perNumber.size).toBe(rows);
    expect([...after.perNumber.values()].every((c) => c === 1)).toBe(true);
  }, 60_000);
});

/** What the embedded sandbox accepted, from its saved state: recipients per number. */
function sandboxCounts(): { total: number; perNumber: Map<string, number> } {
  const state = JSON.parse(readFileSync(join(tmp.dir, 'sandbox', 'state.json'), 'utf8')) as { messages: { nsn: string }[] };
  const perNumber = new Map<string, number>();
  let total = 0;
  for (const m of state.messages) {
    const buf = Buffer.from(m.nsn, 'base64');
    for (let o = 0; o + 4 <= buf.length; o += 4) {
      const n = `0${buf.readUInt32LE(o)}`;
      perNumber.set(n, (perNumber.get(n) ?? 0) + 1);
      total++;
    }
  }
  return { total, perNumber };
}

describe('a second signal leaves at once', () => {
  it('two SIGINTs in quick succession: exits without waiting for the in-flight requests; they read as unknown and --resume leaves them alone', async () => {
    const csv = phoneCsv();
    // The provider never answers these: only leaving without them lets the process exit.
    tbs.behaviour = () => ({ hold: true });
    const child = spawnCli(SEND(csv), tmp.dir, tbsEnv());
    tbs.onRequest = (nth) => {
      if (nth !== 2) return;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGINT'), 50);
    };
    const exit = await settlesWithin(child.exited, 15_000, 'the exit after the second Ctrl-C, with both requests still unanswered');
    tbs.onRequest = () => undefined;
    expect(exit.code, child.stderr()).toBe(130);
    expect(tbs.held(), 'both requests were still unanswered when it left').toBe(2);
    expect(tbs.answered).toBe(0);
    const inFlight = tbs.received.map((r) => r.numbers);
    expect(inFlight).toHaveLength(2);

    const [id] = runIds();
    expect(id).toBeDefined();
    const show = await runCli(['runs', 'show', id!, '--json'], { configDir: tmp.dir });
    expect(show.code, show.stderr).toBe(0);
    expect(onlyJson(show.stdout)).toMatchObject({
      status: 'unfinished',
      requests: { total: BATCHES, sent: 0, unknown: 2, failed: 0, notSent: BATCHES - 2 },
      recipients: { unknown: 1000, notSent: NUMBERS - 1000 },
      resume: `smsctl send --resume ${id} --yes`,
    });
    const unknown = (await runOnDisk(id!)).filter((b) => b.settled === 'unknown').map((b) => b.numbers[0]);
    expect(unknown.sort()).toEqual(inFlight.map((n) => n[0]).sort());

    tbs.behaviour = () => ({ delayMs: 5 });
    const r = await runCli(RESUME(id!), { configDir: tmp.dir, env: tbsEnv() });
    // Unknowns remain, so the run is a partial send (8), not a failure to start.
    expect(r.code, r.stderr).toBe(8);
    const out = onlyJson(r.stdout);
    expect(out).toMatchObject({ ok: false, sent: { requests: BATCHES - 2 }, unknown: { requests: 2, recipients: 1000 }, notSent: { requests: 0 } });
    expect(tbs.received).toHaveLength(BATCHES);
    await expectAtMostOnce(id!);
  });
});

describe('kill -9 and --resume', () => {
  for (const [k, lateMs] of [
    [1, 0],
    [8, 2],
    [19, 8],
  ] as const) {
    it(`between requests: killed ${lateMs} ms after response ${k} (concurrency 1, no delay); --resume sends each number at most once`, async () => {
      const csv = phoneCsv();
      tbs.behaviour = () => ({ delayMs: 0 });
      const child = spawnCli(['send', '--csv', csv, '-m', 'promo', '--concurrency', '1', '--rate', 'none', '--yes', '--json'], tmp.dir, tbsEnv());
      tbs.onAnswered = (nth) => {
        if (nth === k) setTimeout(() => child.kill('SIGKILL'), lateMs);
      };
      const exit = await child.exited;
      tbs.onAnswered = () => undefined;
      expect(exit.signal).toBe('SIGKILL');
      const receivedAtExit = tbs.received.length;
      await sleep(200);
      expect(tbs.received.length, 'requests after the process was killed').toBe(receivedAtExit);
      const [id] = runIds();
      expect(id).toBeDefined();
      const before = await expectAtMostOnce(id!);
      // One request at a time: at most the one around the kill is unknown.
      expect(before.filter((b) => b.settled === 'unknown').length).toBeLessThanOrEqual(1);
      expect(before.filter((b) => b.settled === 'sent').length).toBeGreaterThanOrEqual(k - 1);

      tbs.behaviour = () => ({ delayMs: 0 });
      const r = await runCli(RESUME(id!), { configDir: tmp.dir, env: tbsEnv() });
      const out = onlyJson(r.stdout);
      const after = await expectAtMostOnce(id!);
      const unknown = after.filter((b) => b.settled === 'unknown');
      expect(r.code, r.stderr).toBe(unknown.length ? 8 : 0);
      expect(out).toMatchObject({ sent: { requests: BATCHES - unknown.length }, unknown: { requests: unknown.length }, notSent: { requests: 0 }, failed: { requests: 0 } });
      expect(out.unresolved.map((u: { request: number; outcome: string }) => [u.request, u.outcome])).toEqual(unknown.map((b) => [b.index + 1, 'unknown']));
    });
  }

  it('with requests in flight: killed while the provider holds two; they are unknown and never sent again', async () => {
    const csv = phoneCsv();
    tbs.behaviour = (nth) => (nth <= 6 ? { delayMs: 0 } : { hold: true });
    const child = spawnCli(SEND(csv), tmp.dir, tbsEnv());
    await waitFor(() => tbs.held() === 2 || child.proc.exitCode !== null, { timeoutMs: 15_000, what: 'two held requests' });
    child.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    await sleep(200);
    expect(tbs.received, 'requests after the process was killed').toHaveLength(8);
    const held = tbs.received.filter((r) => r.nth > 6).map((r) => r.numbers[0]);
    expect(held).toHaveLength(2);
    tbs.release(); // the provider goes on to accept them; the client is gone

    const [id] = runIds();
    const before = await expectAtMostOnce(id!);
    expect(before.filter((b) => b.settled === 'unknown').map((b) => b.numbers[0]).sort()).toEqual([...held].sort());

    tbs.behaviour = () => ({ delayMs: 0 });
    const r = await runCli(RESUME(id!), { configDir: tmp.dir, env: tbsEnv() });
    expect(r.code, r.stderr).toBe(8);
    const out = onlyJson(r.stdout);
    expect(out).toMatchObject({ sent: { requests: BATCHES - 2 }, unknown: { requests: 2, recipients: 1000 }, notSent: { requests: 0 } });
    expect(r.stderr).toMatch(/request \d+ \(500 recipients, rows \d+…\d+\) OUTCOME UNKNOWN/);
    const after = await expectAtMostOnce(id!);
    expect(after.filter((b) => b.settled === 'unknown').map((b) => b.numbers[0]).sort()).toEqual([...held].sort());
    // The provider did take the held requests, once: every number exactly once overall.
    expectEveryNumberOnce();
  });
});

describe('one run, one sender at a time', () => {
  it('two --resume of the same run at once: one refuses at once (exit 2, naming the run), the other completes; no number twice', async () => {
    const { id } = await interruptedSend({ signal: 'SIGINT', afterRequests: 2 });
    tbs.behaviour = () => ({ delayMs: 100 });
    const a = spawnCli(RESUME(id), tmp.dir, tbsEnv());
    const b = spawnCli(RESUME(id), tmp.dir, tbsEnv());
    const first = await Promise.race([a.exited.then((e) => ({ c: a, e })), b.exited.then((e) => ({ c: b, e }))]);
    const other = first.c === a ? b : a;
    expect(first.e.code, first.c.stderr()).toBe(2);
    expect(first.c.stderr()).toMatch(new RegExp(`run ${id} is being sent right now by another smsctl \\(process \\d+`));
    expect(other.proc.exitCode, 'the winner is still sending when the loser has given up').toBeNull();
    const e = await other.exited;
    expect(e.code, other.stderr()).toBe(0);
    expect(onlyJson(other.stdout())).toMatchObject({ ok: true, sent: { requests: BATCHES } });
    expectEveryNumberOnce();
  });

  it('the same send again while its run is unfinished: exit 2 naming the run, --resume and --new; nothing sent', async () => {
    const { id } = await interruptedSend({ signal: 'SIGINT', afterRequests: 2 });
    const csv = join(tmp.dir, 'list.csv');
    const receivedBefore = tbs.received.length;
    const r = await runCli(SEND(csv), { configDir: tmp.dir, env: tbsEnv() });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`run ${id}`);
    expect(r.stderr).toContain(`smsctl send --resume ${id}`);
    expect(r.stderr).toContain('--new');
    expect(onlyJson(r.stdout)).toMatchObject({ ok: false, error: { code: 'UNFINISHED_RUN_EXISTS' } });
    expect(tbs.received.length).toBe(receivedBefore);
    // The refused send left no run behind.
    expect(runIds()).toEqual([id]);
  });
});
