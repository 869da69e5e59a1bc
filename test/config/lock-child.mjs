// Child process for lock.test.ts. Uses the built module: a plain Node child cannot load TS.
// argv[2] is JSON: { lock, mode: 'rounds' | 'hold', log?, rounds?, crash?, pollMs? }
import { appendFile } from 'node:fs/promises';
import { acquireLock } from '../../dist/config/lock.js';

const { lock, mode, log, rounds = 1, crash = false, pollMs = 5 } = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (mode === 'hold') {
  const held = await acquireLock(lock, { pollMs });
  process.stdout.write('held\n');
  // Holds until the parent closes stdin (or kills us).
  process.stdin.resume();
  await new Promise((r) => process.stdin.on('end', r));
  await held.release();
} else {
  process.stdout.write('ready\n');
  // Every child starts contending at the same moment, when the parent says go.
  await new Promise((r) => process.stdin.once('data', r));
  process.stdin.pause();
  for (let i = 0; i < rounds; i++) {
    const held = await acquireLock(lock, { pollMs, timeoutMs: 20_000 });
    await appendFile(log, `enter ${process.pid}\n`);
    await sleep(Math.random() * 3);
    await appendFile(log, `exit ${process.pid}\n`);
    // kill -9 while holding the lock: the others must take over what we leave behind.
    if (crash && i === rounds - 1) process.kill(process.pid, 'SIGKILL');
    await held.release();
  }
}
