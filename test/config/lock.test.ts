import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, readLockHolder } from '../../src/config/lock.js';
import { SmsctlError } from '../../src/errors.js';
import { settlesWithin } from '../helpers/wait.js';

// The children run the built dist/ (the suite runs after `npm run build`).
const CHILD = fileURLToPath(new URL('./lock-child.mjs', import.meta.url));

let dir: string;
let lock: string;
let log: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-lock-'));
  lock = join(dir, 'state.lock');
  log = join(dir, 'log');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(args: Record<string, unknown>): { child: ChildProcess; line: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CHILD, JSON.stringify({ lock, ...args })], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it spoke`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, line, exit };
}

/** Starts `count` children, waits until all are loaded, then releases them at once. */
async function race(count: number, rounds: number, crash = false): Promise<number[]> {
  const runs = Array.from({ length: count }, () => start({ mode: 'rounds', log, rounds, crash }));
  await Promise.all(runs.map((r) => r.line));
  for (const r of runs) r.child.stdin!.end('go\n');
  expect(await Promise.all(runs.map((r) => r.exit))).toEqual(runs.map(() => (crash ? null : 0)));
  return runs.map((r) => r.child.pid!);
}

/** Asserts the log is enter/exit pairs of one pid each, never two holders at once. */
async function expectNoOverlap(pids: number[], rounds: number): Promise<void> {
  const lines = (await readFile(log, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(pids.length * rounds * 2);
  const done = new Map<string, number>();
  for (let i = 0; i < lines.length; i += 2) {
    const [enter, pid] = lines[i]!.split(' ');
    expect(enter).toBe('enter');
    expect(lines[i + 1]).toBe(`exit ${pid}`);
    done.set(pid!, (done.get(pid!) ?? 0) + 1);
  }
  expect(new Map(pids.map((p) => [String(p), rounds]))).toEqual(done);
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

function rejection(promise: Promise<unknown>): Promise<SmsctlError> {
  return promise.then(
    () => expect.unreachable('the lock was acquired'),
    (error: unknown) => error as SmsctlError,
  );
}

describe('acquireLock', () => {
  it('lets only one of 12 processes started at once hold the lock at a time', async () => {
    const pids = await race(12, 4);
    await expectNoOverlap(pids, 4);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a dead process, even with 10 processes racing for it', async () => {
    const dead = await deadPid();
    await writeFile(lock, `${dead} deadbeef\n`);
    expect(await readLockHolder(lock)).toBeUndefined();
    const pids = await race(10, 2);
    await expectNoOverlap(pids, 2);
    expect(existsSync(lock)).toBe(false);
  });

  it('never lets two processes in while each holder in turn is killed -9 holding the lock', async () => {
    const dead = await deadPid();
    await writeFile(lock, `${dead} deadbeef\n`);
    // Each of the 10 dies holding the lock in its last round: 11 stale locks, each raced for.
    const pids = await race(10, 3, true);
    await expectNoOverlap(pids, 3);
    expect(pids).toContain(Number((await readFile(lock, 'utf8')).split(' ')[0]));
    expect(await readLockHolder(lock)).toBeUndefined();
  });

  it('takes over a stale lock even when a takeover was abandoned mid-way too', async () => {
    const dead = await deadPid();
    await writeFile(lock, `${dead} deadbeef\n`);
    await writeFile(`${lock}.takeover`, `${dead} cafebabe\n`);
    const held = await acquireLock(lock, { timeoutMs: 2_000, pollMs: 5 });
    expect(await readLockHolder(lock)).toBe(process.pid);
    await held.release();
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses at once, naming the holder, when a live process holds the lock and wait is false', async () => {
    const holder = start({ mode: 'hold' });
    expect(await holder.line).toBe('held');
    const pid = holder.child.pid!;
    expect(await readLockHolder(lock)).toBe(pid);

    // Were it to wait at all, one poll would take 10 minutes: refusing at once is refusing before the deadline.
    const error = await settlesWithin(rejection(acquireLock(lock, { wait: false, pollMs: 600_000, timeoutMs: 600_000 })), 10_000, 'the refusal of a lock held by a live process with wait: false');
    expect(error).toBeInstanceOf(SmsctlError);
    expect(error.code).toBe('STATE_LOCKED');
    expect(error.message).toBe(`the sandbox state is busy: process ${pid} holds ${lock}`);

    const named = await rejection(acquireLock(lock, { wait: false, what: 'run 42' }));
    expect(named.message).toBe(`run 42 is busy: process ${pid} holds ${lock}`);

    holder.child.stdin!.end();
    expect(await holder.exit).toBe(0);
    expect(await readLockHolder(lock)).toBeUndefined();
  });

  it('gives up after about timeoutMs while a live process holds the lock, then takes it once that process is killed -9', async () => {
    const holder = start({ mode: 'hold' });
    expect(await holder.line).toBe('held');

    const startedAt = Date.now();
    // The holder never lets go: an answer at all means it gave up.
    const error = await settlesWithin(rejection(acquireLock(lock, { timeoutMs: 300, pollMs: 20 })), 15_000, 'giving up on a lock a live process keeps');
    const waited = Date.now() - startedAt;
    expect(error.code).toBe('STATE_LOCKED');
    expect(error.message).toContain(`process ${holder.child.pid} holds`);
    // A lower bound: it tried for its whole timeoutMs first (a busy machine only makes that longer).
    expect(waited).toBeGreaterThanOrEqual(290);

    holder.child.kill('SIGKILL');
    await holder.exit;
    const held = await acquireLock(lock, { timeoutMs: 2_000, pollMs: 5 });
    expect(await readLockHolder(lock)).toBe(process.pid);
    await held.release();
  });
});

describe('a wait says why', () => {
  it('names the holder once, after a second of waiting, and not at all when the lock is free', async () => {
    const free: (number | undefined)[] = [];
    const quick = await acquireLock(lock, { onWait: (pid) => free.push(pid) });
    await quick.release();
    expect(free).toEqual([]);

    const holder = start({ mode: 'hold' });
    expect(await holder.line).toBe('held');
    const told: (number | undefined)[] = [];
    const error = await settlesWithin(rejection(acquireLock(lock, { timeoutMs: 1_500, pollMs: 50, onWait: (pid) => told.push(pid) })), 15_000, 'giving up after 1.5 s');
    expect(error.code).toBe('STATE_LOCKED');
    expect(told).toEqual([holder.child.pid]);
    holder.child.stdin!.end();
    await holder.exit;
  });
});

describe('Lock.release', () => {
  it('does not remove a lock that someone else now holds', async () => {
    const first = await acquireLock(lock);
    // Someone else's lock in its place (as after a takeover).
    await writeFile(lock, `${process.ppid} 0123456789abcdef\n`);
    await first.release();
    expect(await readFile(lock, 'utf8')).toBe(`${process.ppid} 0123456789abcdef\n`);
  });

  it('is idempotent: releasing twice leaves the next holder alone', async () => {
    const first = await acquireLock(lock);
    await first.release();
    const second = await acquireLock(lock, { wait: false });
    await first.release();
    expect(await readLockHolder(lock)).toBe(process.pid);
    await second.release();
    expect(existsSync(lock)).toBe(false);
  });
});
