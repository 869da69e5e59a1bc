/**
 * `smsctl otp test` at a real pseudo-terminal (util-linux `script`), driven as a person
 * would: an empty answer and a wrong code, then the right one read from the sandbox's
 * inbox; a code left to expire and a new one sent; Ctrl-C at the prompt. The sandbox runs in
 * this test's process (a `--sandbox --base-url` profile points at it), so the test reads the
 * inbox while the command waits — and can give codes a lifetime of seconds: a sandbox
 * owner's setting that no request can ask for (see README, "OTP check"). The same check in
 * Thai (SMSCTL_LANG=th) reads its prompt, countdown and verdicts in Thai (issue 16).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';
import type { RunningSandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { sandbox } from '../sandbox/helpers.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

/** When `screen` (since the previous step) matches, type what `keys` gives. */
type Step = [RegExp, (match: RegExpExecArray) => string | Promise<string>];

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/**
 * Runs smsctl at a terminal, then `stty -a` at the same terminal, so the test sees whether
 * the command left it as it found it (line editing and echo back on).
 */
function atTerminal(args: string[], steps: Step[], env: Record<string, string> = {}): Promise<{ code: number | null; screen: string; stty: string }> {
  const command = [process.execPath, join(ROOT, 'bin', 'smsctl.js'), ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', `${command}; rc=$?; echo; echo "STTY: $(stty -a | tr '\\n' ' ')"; exit $rc`, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, SMSCTL_CONFIG_DIR: tmp.dir, TERM: 'xterm', NO_COLOR: '1', SHELL: '/bin/sh', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let mark = 0;
  let busy = false;
  const next = async () => {
    const step = steps[0];
    if (!step || busy) return;
    const m = step[0].exec(screen.slice(mark));
    if (!m) return;
    busy = true;
    steps.shift();
    mark += m.index + m[0].length;
    child.stdin.write(await step[1](m));
    busy = false;
    void next();
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    void next();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      const stty = /STTY: (.*)/.exec(screen)?.[1] ?? '';
      resolve({ code, screen, stty });
    }),
  );
}

async function setUp(provider: 'sepsms' | 'thaibulksms', options: SandboxOptions = {}): Promise<RunningSandbox> {
  const s = await sandbox(options);
  const added = await runCli(['profile', 'add', 'dev', '--provider', provider, '--sandbox', '--base-url', s.url, '--sender', 'SHOP'], { configDir: tmp.dir });
  expect(added.code, added.stderr).toBe(0);
  return s;
}

async function newestCode(s: RunningSandbox): Promise<string> {
  const { messages } = (await (await fetch(`${s.url}/__sandbox/inbox?msisdn=0812345678`)).json()) as { messages: { text: string }[] };
  return /(?:code is|OTP is) (\d{4,8})/.exec(messages.at(-1)!.text)![1]!;
}

const restored = (stty: string) => {
  expect(stty).toMatch(/(^| )icanon( |$)/);
  expect(stty).toMatch(/(^| )echo( |$)/);
};

describe.skipIf(!hasScript)('otp test at a real terminal', () => {
  // SEPSMS: "Type it again"; ThaiBulkSMS: "Send a new code" (one down, Enter), then the new one.
  it.each([
    ['sepsms', '\r'],
    ['thaibulksms', '\u001b[B\r'],
  ] as const)('%s: an empty answer is asked again, a wrong code, then the right one from the inbox: verified, exit 0', async (provider, choice) => {
    const s = await setUp(provider);
    const r = await atTerminal(['--profile', 'dev', 'otp', 'test', '0812345678'], [
      [/\? Code \(ref \w+\):/, () => '\r'],
      [/Type the code from the SMS/, async () => `${(await newestCode(s)) === '000000' ? '111111' : '000000'}\r`],
      [/Wrong code\. 2 tries left:/, () => choice],
      [/\? Code \(ref \w+\):/, async () => `${await newestCode(s)}\r`],
    ]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/Code sent to 66812345678: reference \w+/);
    expect(r.screen).toMatch(provider === 'sepsms' ? /expires in \d:\d\d/ : /sent \d:\d\d ago/);
    expect(r.screen.match(/Code sent to 66812345678/g)).toHaveLength(provider === 'sepsms' ? 1 : 2);
    expect(r.screen).toMatch(/Verified: the code for 66812345678 \(ref \w+\) checks out/);
    expect(r.screen).toMatch(/Timing: send \d+(\.\d)? m?s, verify \d+(\.\d)? m?s; [\d.]+ m?s from send to verified\./);
    // Masked: the digits typed never reach the screen.
    expect(r.screen).not.toContain(await newestCode(s));
    restored(r.stty);
  });

  it('a code left to expire: the countdown ends the prompt, a new code is offered, sent and verified', async () => {
    const s = await setUp('sepsms', { otpTtlMs: 2_000 });
    let first = '';
    const r = await atTerminal(['--profile', 'dev', 'otp', 'test', '0812345678'], [
      [/reference (\w+); expires/, (m) => ((first = m[1]!), '')],
      [/The code expired at [^\n]*\n[\s\S]*Send a new code\?/, () => '\r'],
      [/\? Code \(ref (\w+)\):/, async (m) => {
        expect(m[1]).not.toBe(first);
        return `${await newestCode(s)}\r`;
      }],
    ]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/\(expired\)/);
    expect(r.screen).toMatch(/Verified:/);
    restored(r.stty);
  });

  it('Ctrl-C at the code prompt: exit 130, a plain line, the terminal restored', async () => {
    await setUp('sepsms');
    const r = await atTerminal(['--profile', 'dev', 'otp', 'test', '0812345678'], [[/\? Code \(ref \w+\):/, () => '\u0003']]);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toMatch(/Stopped; the code was not verified\./);
    expect(r.screen).not.toMatch(/smsctl: error|internal error/);
    restored(r.stty);
  });

  it('otp verify REFERENCE with no CODE asks for it, masked', async () => {
    const s = await setUp('sepsms');
    const sent = await runCli(['--profile', 'dev', 'otp', 'send', '0812345678'], { configDir: tmp.dir });
    const r = await atTerminal(['--profile', 'dev', 'otp', 'verify', sent.stdout.trim()], [[/Code from the SMS:/, async () => `${await newestCode(s)}\r`]]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/Verified\./);
    expect(r.screen).not.toContain(await newestCode(s));
  });
});

/** "2 ธ.ค. 2569 10:05 น.": a time as a Thai reader reads it (Buddhist Era year). */
const THAI_TIME = /\d{1,2} [\u0E00-\u0E7F.]+ 25\d\d \d\d:\d\d น\./;
const THAI = { SMSCTL_LANG: 'th' };

describe.skipIf(!hasScript)('otp test at a real terminal, in Thai (SMSCTL_LANG=th)', () => {
  it('the prompt and countdown in Thai; a wrong code, "type it again", the right one: verified, exit 0', async () => {
    const s = await setUp('sepsms');
    const r = await atTerminal(['--profile', 'dev', 'otp', 'test', '0812345678'], [
      [/\? รหัส OTP \(อ้างอิง \w+\):/, async () => `${other(await newestCode(s))}\r`],
      [/รหัสไม่ถูกต้อง ลองได้อีก 2 ครั้ง:/, () => '\r'],
      [/\? รหัส OTP \(อ้างอิง \w+\):/, async () => `${await newestCode(s)}\r`],
    ], THAI);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(new RegExp(`ส่งรหัสไปที่ 66812345678 แล้ว {2}รหัสอ้างอิง \\w+ {2}หมดอายุ ${THAI_TIME.source} \\(อีก \\d:\\d\\d\\)`));
    expect(r.screen).toMatch(/\(หมดอายุในอีก \d:\d\d\)/);
    expect(r.screen).toContain('พิมพ์รหัสใหม่อีกครั้ง');
    expect(r.screen).toContain('ส่งรหัสใหม่');
    expect(r.screen).toContain('หยุดเท่านี้');
    expect(r.screen).toMatch(/ยืนยันผ่าน: รหัสของ 66812345678 \(อ้างอิง \w+\) ถูกต้อง ระบบ OTP ใช้งานได้ครบทุกขั้นตอน/);
    expect(r.screen).toMatch(/เวลาที่ใช้: ส่ง \d+(\.\d)? (?:มิลลิ)?วินาที ยืนยัน \d+(\.\d)? (?:มิลลิ)?วินาที ตั้งแต่ส่งจนยืนยันผ่านรวม [\d.]+ (?:มิลลิ)?วินาที/);
    expect(r.screen).not.toMatch(/Code sent|Verified|Timing|Wrong code/);
    expect(r.screen).not.toContain(await newestCode(s));
    restored(r.stty);
  });

  it('as many wrong codes as --attempts: not verified, in Thai, exit 10', async () => {
    const s = await setUp('sepsms');
    const r = await atTerminal(['--profile', 'dev', 'otp', 'test', '0812345678', '--attempts', '1'], [
      [/\? รหัส OTP \(อ้างอิง \w+\):/, async () => `${other(await newestCode(s))}\r`],
    ], THAI);
    expect(r.code, r.screen).toBe(10);
    expect(r.screen).toMatch(/เวลาที่ใช้: ส่ง \d+(\.\d)? (?:มิลลิ)?วินาที ยืนยัน \d+(\.\d)? (?:มิลลิ)?วินาที\r?\n/);
    expect(r.screen).toMatch(/ยืนยันไม่ผ่าน: ใส่รหัสผิด 1 ครั้ง \(--attempts 1\)/);
    expect(r.screen).not.toMatch(/smsctl: error|Not verified/);
    restored(r.stty);
  });

  it('a code left to expire: "หมดอายุแล้ว" ends the countdown, the time in Thai, a new code offered and verified', async () => {
    const s = await setUp('sepsms', { otpTtlMs: 2_000 });
    const r = await atTerminal(['--profile', 'dev', 'otp', 'test', '0812345678'], [
      [new RegExp(`รหัสหมดอายุแล้วเมื่อ ${THAI_TIME.source}[\\s\\S]*ส่งรหัสใหม่ไหม\\?`), () => '\r'],
      [/\? รหัส OTP \(อ้างอิง \w+\):/, async () => `${await newestCode(s)}\r`],
    ], THAI);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/\(หมดอายุแล้ว\)/);
    expect(r.screen.match(/ส่งรหัสไปที่ 66812345678 แล้ว/g)).toHaveLength(2);
    expect(r.screen).toMatch(/ยืนยันผ่าน:/);
    restored(r.stty);
  });
});

function other(code: string): string {
  return code === '000000' ? '111111' : '000000';
}
