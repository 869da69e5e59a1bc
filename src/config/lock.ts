/**
 * A lock file held while a process may change a shared state file (the embedded sandbox's),
 * so two commands run at once take turns instead of overwriting each other's changes.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { SmsctlError } from '../errors.js';

export interface Lock {
  release(): Promise<void>;
}

export async function acquireLock(path: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<Lock> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    // A lock left by a process that no longer runs (crash, kill -9) is taken over.
    if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new SmsctlError('provider', `the sandbox state is busy: process ${holder} holds ${path}`, { code: 'STATE_LOCKED' });
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
