/**
 * The prompts' own words in Thai (issue 16), at a real pseudo-terminal (util-linux `script`):
 * the answer to a yes/no question as inquirer echoes it, and the line after a Ctrl-C. The
 * question itself belongs to its command; "(y/N)" stays as typed in every language.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempConfigDir } from '../helpers/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

function atTerminal(args: string[], keys: string): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, join(ROOT, 'bin', 'smsctl.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, SMSCTL_CONFIG_DIR: tmp.dir, TERM: 'xterm', NO_COLOR: '1', SMSCTL_LANG: 'th' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    if (!answered && /\(y\/N\)/.test(screen)) {
      answered = true;
      child.stdin.write(keys);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, screen }))));
}

const SEND = ['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hello'];

describe.skipIf(!hasScript)('prompts in Thai, at a real terminal', () => {
  it('Ctrl-C at the confirmation: exit 130 and the Thai "cancelled" line, no error line', async () => {
    const r = await atTerminal(SEND, '\u0003');
    expect(r.code).toBe(130);
    expect(r.screen).toContain('หยุดแล้ว ยังไม่ได้ทำอะไร');
    expect(r.screen).not.toMatch(/smsctl: (error|ผิดพลาด)|internal error/);
  });

  it('"n" at the confirmation is echoed as ไม่, in place of inquirer\'s "No"', async () => {
    const r = await atTerminal(SEND, 'n\r');
    expect(r.screen).toMatch(/\(y\/N\)/);
    // The answered question is redrawn with a tick and the answer.
    expect(r.screen).toMatch(/✔ [^\n]* ไม่(?![\u0E00-\u0E7F])/);
    expect(r.screen).not.toMatch(/✔ [^\n]* No\b/);
  });
});
