/**
 * The embedded default: no server running, no account. Each command is its own process;
 * state kept under the config directory carries one command's messages to the next.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli, tempConfigDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { acquireLock } from '../../src/config/lock.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());
const cli = (...args: string[]) => runCli(args, { configDir: tmp.dir });

describe('the built-in sandbox profile', () => {
  it('send, then status, recipients and inbox in later processes see the message', async () => {
    const send = await cli('--profile', 'sandbox', 'send', '--to', '0812345678,0800000001', '-m', 'Hello from the sandbox', '--yes', '--json');
    expect(send.code).toBe(0);
    const reference = JSON.parse(send.stdout).references[0] as string;
    const status = await cli('status', '--wait', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ provider: 'mesms', total: 2, summary: { success: 1, failed: 1 } });
    const recipients = await cli('--profile', 'sandbox', 'recipients', reference);
    expect(recipients.stdout.trim().split('\n')).toEqual(['msisdn,status', '66812345678,success', '66800000001,failed']);
    const inbox = await cli('sandbox', 'inbox', '--msisdn', '081-234-5678', '--json');
    expect(JSON.parse(inbox.stdout).messages).toEqual([expect.objectContaining({ msisdn: '66812345678', text: 'Hello from the sandbox', sender: 'SMSCTL' })]);
    const failedPhone = await cli('sandbox', 'inbox', '--msisdn', '0800000001', '--json');
    expect(JSON.parse(failedPhone.stdout).messages).toEqual([]);
  });

  it('sandbox inbox reads while another command holds the sandbox (otp test waiting for a code), without waiting for it', async () => {
    expect((await cli('--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'read me while locked', '--yes')).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1_800));
    const lock = await acquireLock(join(tmp.dir, 'sandbox', 'state.lock'));
    try {
      const started = Date.now();
      const inbox = await cli('sandbox', 'inbox', '--msisdn', '0812345678', '--json');
      expect(inbox.code, inbox.stderr).toBe(0);
      expect(JSON.parse(inbox.stdout).messages.map((m: { text: string }) => m.text)).toEqual(['read me while locked']);
      expect(inbox.stderr).not.toMatch(/Waiting for process/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await lock.release();
    }
  });

  it('two sends at the same time both land in the saved state (they take turns)', async () => {
    const [a, b] = await Promise.all([
      cli('--profile', 'sandbox', 'send', '--to', '0811111111', '-m', 'first', '--yes'),
      cli('--profile', 'sandbox', 'send', '--to', '0822222222', '-m', 'second', '--yes'),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    // A message reaches the inbox once delivered (1.5 s after it was sent): ask until both have.
    const inbox = async () => JSON.parse((await cli('sandbox', 'inbox', '--json')).stdout).messages.map((m: { text: string }) => m.text).sort() as string[];
    await waitFor(async () => expect(await inbox()).toEqual(['first', 'second']), { timeoutMs: 15_000, intervalMs: 100, what: 'both messages in the inbox' });
  });

  it('a scheduled message can be cancelled and its credits come back', async () => {
    const before = JSON.parse((await cli('--profile', 'sandbox', 'balance', '--json')).stdout).balance as number;
    const later = new Date(Date.now() + 3600_000).toISOString();
    const send = await cli('--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'later', '--schedule', later, '--yes', '--json');
    expect(send.code).toBe(0);
    const ref = JSON.parse(send.stdout).references[0] as string;
    expect(JSON.parse((await cli('--profile', 'sandbox', 'balance', '--json')).stdout).balance).toBe(before - 1);
    const cancel = await cli('--profile', 'sandbox', 'cancel', ref, '--yes', '--json');
    expect(cancel.code).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ status: 'cancelled', refundedCredit: 1 });
    expect(JSON.parse((await cli('--profile', 'sandbox', 'balance', '--json')).stdout).balance).toBe(before);
    const again = await cli('--profile', 'sandbox', 'cancel', ref, '--yes');
    expect(again.code).toBe(3);
  });
});

describe('a profile added with --sandbox', () => {
  it('SEPSMS OTP: send, read the code from the inbox, verify once (exit 0), then again (exit 10)', async () => {
    expect((await cli('profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox', '--sender', 'DEV')).code).toBe(0);
    const sent = await cli('--profile', 'dev', 'otp', 'send', '--to', '0898765432', '--length', '6', '--json');
    expect(sent.code).toBe(0);
    const { token } = JSON.parse(sent.stdout) as { token: string };
    const inbox = JSON.parse((await cli('sandbox', 'inbox', '--msisdn', '0898765432', '--json')).stdout);
    const code = /\b(\d{6})\b/.exec(inbox.messages.at(-1).text)?.[1];
    expect(code).toBeDefined();
    const wrong = await cli('--profile', 'dev', 'otp', 'verify', '--token', token, '--code', code === '000000' ? '111111' : '000000');
    expect(wrong.code).toBe(10);
    const ok = await cli('--profile', 'dev', 'otp', 'verify', '--token', token, '--code', code!);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Verified/);
    const reused = await cli('--profile', 'dev', 'otp', 'verify', '--token', token, '--code', code!, '--json');
    expect(reused.code).toBe(10);
    expect(JSON.parse(reused.stdout)).toMatchObject({ ok: false, error: { code: 'OTP_NOT_VERIFIED' } });
  });

  it('ThaiBulkSMS OTP: token from `otp send`, the code from the inbox, verify ok; wrong code exit 10', async () => {
    await cli('profile', 'add', 'tbsotp', '--provider', 'thaibulksms', '--sandbox');
    const sent = await cli('--profile', 'tbsotp', 'otp', 'send', '--to', '0861112222');
    expect(sent.code).toBe(0);
    const token = sent.stdout.trim();
    expect(sent.stderr).toMatch(/Code sent to 66861112222: reference \w+ \(in the SMS\), token /);
    const text = JSON.parse((await cli('sandbox', 'inbox', '--msisdn', '0861112222', '--json')).stdout).messages.at(-1).text as string;
    const code = /\b(\d{6})\b/.exec(text)![1]!;
    const wrong = await cli('--profile', 'tbsotp', 'otp', 'verify', '--token', token, '--code', code === '123456' ? '654321' : '123456');
    expect(wrong.code).toBe(10);
    expect(wrong.stderr).toMatch(/not verified: the code is wrong/);
    expect((await cli('--profile', 'tbsotp', 'otp', 'verify', '--token', token, '--code', code)).code).toBe(0);
  });

  it('ThaiBulkSMS: balance by credit type; status is not offered (exit 2)', async () => {
    await cli('profile', 'add', 'tbs', '--provider', 'thaibulksms', '--sandbox');
    const balance = await cli('--profile', 'tbs', 'balance', '--json');
    expect(balance.code).toBe(0);
    expect(JSON.parse(balance.stdout)).toMatchObject({ provider: 'thaibulksms', balance: expect.any(Number), byType: expect.any(Object) });
    expect((await cli('--profile', 'tbs', 'recipients', 'x')).code).toBe(2);
  });

  it('send --resume with no profile named and none saved continues the newest unfinished sandbox run', async () => {
    const total = 600; // one request a row; enough that the first send is still going when it is killed
    const rows = ['name,phone', ...Array.from({ length: total }, (_, i) => `User${i},08${String(10000000 + i).padStart(8, '0')}`)];
    const csv = join(tmp.dir, 'list.csv');
    writeFileSync(csv, rows.join('\n'));
    // Killed (-9) part-way, once some requests have been recorded sent: the run is left unfinished.
    const first = startCli(['--profile', 'sandbox', 'send', '--csv', csv, '-m', 'Hi {{name}}', '--concurrency', '1', '--yes', '--json'], { configDir: tmp.dir });
    const sentSoFar = () => {
      const runs = join(tmp.dir, 'runs');
      const journals = existsSync(runs) ? readdirSync(runs).map((id) => join(runs, id, 'journal.ndjson')).filter((f) => existsSync(f)) : [];
      return journals.reduce((n, f) => n + readFileSync(f, 'utf8').split('"s":"sent"').length - 1, 0);
    };
    try {
      await waitFor(() => sentSoFar() >= 20 || first.child.exitCode !== null, { timeoutMs: 20_000, what: 'the first send to get going' });
    } finally {
      first.child.kill('SIGKILL');
    }
    expect((await first.exited).signal, `the first send ended by itself:\n${first.stderr()}`).toBe('SIGKILL');
    const resumed = await cli('send', '--resume', '--yes', '--json');
    expect([0, 8], resumed.stderr).toContain(resumed.code);
    const out = JSON.parse(resumed.stdout);
    expect(out).toMatchObject({ resumed: true, profile: 'sandbox', notSent: { requests: 0 } });
    expect(out.sent.recipients + out.unknown.recipients).toBe(total);
  });
});
