/**
 * A lock file held while a process may change shared state (the embedded sandbox's state
 * file, a run being resumed), so two commands run at once take turns instead of
 * overwriting each other's changes.
 *
 * The lock file holds "<pid> <nonce>\n". It is created complete, by hard-linking a temp
 * file that already holds that text, so no process can ever see it empty or half written
 * and mistake a live holder for a dead one. The nonce tells our lock from a later lock of
 * the same pid, so we never remove a lock that is no longer ours.
 *
 * No signal handlers: a process killed before it releases (crash, kill -9) leaves a stale
 * lock, which the next process takes over once the pid in it no longer runs.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface Lock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Give up after this long while a live process holds the lock (default 60 s). */
  timeoutMs?: number;
  pollMs?: number;
  /** What the lock guards, for the busy message, in the user's language (default: the sandbox state). */
  what?: string;
  /** false: fail at once when a live process holds the lock, instead of waiting. */
  wait?: boolean;
  /** Called once when a live holder has kept us waiting for a second: a wait says why. */
  onWait?: (holder: number | undefined) => void;
}

/** A takeover mutex this old is presumed abandoned even if its pid runs (pid reuse). */
const MUTEX_MAX_AGE_MS = 30_000;

export async function acquireLock(path: string, opts: LockOptions = {}): Promise<Lock> {
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 60_000);
  const mine = token();
  let told = false;
  for (;;) {
    if (await createExclusive(path, mine)) {
      let released: Promise<void> | undefined;
      return { release: () => (released ??= removeIfContent(path, mine)) };
    }
    const seen = await readText(path);
    if (seen === undefined) continue; // released between our link() and this read
    const holder = parsePid(seen);
    const alive = holder !== undefined && isAlive(holder);
    if (!alive && (await takeOver(path, seen))) continue;
    if ((alive && opts.wait === false) || Date.now() >= deadline) {
      const what = opts.what ?? t('config.lock.sandbox_state');
      throw new SmsctlError('provider', t('config.lock.busy', { what, pid: holder ?? t('config.lock.unknown_pid'), path }), {
        code: 'STATE_LOCKED',
      });
    }
    if (!told && alive && Date.now() - started >= 1000) {
      told = true;
      opts.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

/** The pid of the live process holding the lock at `path`; undefined when free or stale. */
export async function readLockHolder(path: string): Promise<number | undefined> {
  const pid = parsePid((await readText(path)) ?? '');
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

/**
 * Removes the stale lock whose content we saw, then lets the caller compete again through
 * link(). Returns false when another process is mid-takeover, so the caller waits.
 *
 * Several processes may see the same stale lock at once. Unlinking it straight away would
 * be a race: one unlinks, a third process links a fresh lock, and a slower one unlinks that
 * fresh lock too. The takeover mutex makes read-compare-unlink one step: while we hold it
 * nobody else removes the lock, and a dead holder never releases it, so content still equal
 * to what we saw is still that same stale lock.
 */
async function takeOver(path: string, stale: string): Promise<boolean> {
  const mutex = `${path}.takeover`;
  const mine = token();
  if (!(await createExclusive(mutex, mine))) return clearAbandonedMutex(mutex);
  try {
    if ((await readText(path)) === stale) await unlink(path).catch(ignoreMissing);
  } finally {
    await removeIfContent(mutex, mine);
  }
  return true;
}

/**
 * Removes a takeover mutex left by a process that died inside its takeover. Returns true
 * when it did, so the caller retries at once.
 *
 * Two cleaners may judge the same mutex abandoned; if both simply unlinked it, the slower
 * one could remove the fresh mutex a third process created in between. So a cleaner first
 * renames the mutex to a name only it knows, and removes that only if it is the mutex it
 * judged; otherwise it links it back. Remaining window, accepted as theoretical: while a
 * wrongly moved fresh mutex is away (two syscalls), a fourth process can create another,
 * the link back then fails, and two takeovers run at once. That needs two cleaners racing
 * within microseconds, which in turn needs the mutex to be abandoned in the first place;
 * a takeover holds it for a few milliseconds. Likewise a live holder paused for more than
 * MUTEX_MAX_AGE_MS inside its takeover (SIGSTOP, a suspended laptop) loses the mutex.
 */
async function clearAbandonedMutex(mutex: string): Promise<boolean> {
  const seen = await readText(mutex);
  if (seen === undefined) return true;
  const pid = parsePid(seen);
  const age = await stat(mutex).then((s) => Date.now() - s.mtimeMs, () => 0);
  if (pid !== undefined && isAlive(pid) && age < MUTEX_MAX_AGE_MS) return false;
  const aside = `${mutex}.${randomBytes(8).toString('hex')}.stale`;
  try {
    await rename(mutex, aside);
  } catch (error) {
    ignoreMissing(error);
    return true;
  }
  if ((await readText(aside)) !== seen) await link(aside, mutex).catch(() => undefined);
  await unlink(aside).catch(ignoreMissing);
  return true;
}

/**
 * Removes `path` only while it still holds `content`. The read and the unlink are two
 * steps, but in between nobody else may remove a lock whose holder is alive — and we are.
 */
async function removeIfContent(path: string, content: string): Promise<void> {
  if ((await readText(path)) === content) await unlink(path).catch(ignoreMissing);
}

/** Creates `path` holding `content`, atomically: false when it already exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  // Beside the target: link() cannot cross file systems.
  const temp = `${path}.${randomBytes(8).toString('hex')}.tmp`;
  await writeFile(temp, content, { flag: 'wx', mode: 0o600 });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function token(): string {
  return `${process.pid} ${randomBytes(16).toString('hex')}\n`;
}

/** Lenient about what follows the pid, so a lock from an older smsctl ("<pid>") is honoured. */
function parsePid(content: string): number | undefined {
  const match = /^([1-9]\d{0,9})(?:\s|$)/.exec(content);
  return match ? Number(match[1]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    ignoreMissing(error);
    return undefined;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
