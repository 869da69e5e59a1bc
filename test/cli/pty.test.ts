/**
 * At a real pseudo-terminal (util-linux `script`), as a person meets the prompt: Ctrl-C at
 * the confirmation cancels — exit 130, nothing sent, no run left — and is never reported
 * as an internal error. The terminal is in raw mode there, so Ctrl-C is a key, not a signal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempConfigDir } from '../helpers/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

function atTerminal(args: string[], answer: (screen: string) => string | undefined): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, join(ROOT, 'bin', 'smsctl.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, SMSCTL_CONFIG_DIR: tmp.dir, TERM: 'xterm', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    const keys = answered ? undefined : answer(screen);
    if (keys !== undefined) {
      answered = true;
      child.stdin.write(keys);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, screen }))));
}

describe.skipIf(!hasScript)('at a real terminal', () => {
  it('Ctrl-C at the confirmation: exit 130, "cancelled", nothing sent and no run left', async () => {
    const r = await atTerminal(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hello'], (s) => (/Send to 1 recipient/.test(s) ? '\u0003' : undefined));
    expect(r.code).toBe(130);
    expect(r.screen).toMatch(/Cancelled; nothing was done\./);
    // A cancel is not a failure: no error line, no "internal error".
    expect(r.screen).not.toMatch(/smsctl: error|internal error/);
    const runs = join(tmp.dir, 'runs');
    expect(existsSync(runs) ? readdirSync(runs).filter((n) => /^\d{8}T/.test(n)) : []).toEqual([]);
  });
});
