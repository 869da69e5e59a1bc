/**
 * `smsctl send` end to end: the built CLI as a child process (no terminal, like cron)
 * against the sandbox, asserting what the provider received and the exit code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { normalizePhone } from '../../src/core/phone.js';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';

interface Seen {
  provider: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let sandbox: RunningSandbox;
let seen: Seen[] = [];
let tmp: ReturnType<typeof tempConfigDir>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, deliveryDelayMs: 0, onRequest: (r) => seen.push(r) });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  seen = [];
  tmp = tempConfigDir();
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  seen = [];
});
afterEach(() => tmp.cleanup());

function envFor(provider: 'sepsms' | 'mesms' | 'thaibulksms', extra: Record<string, string> = {}): Record<string, string> {
  const p = sandbox.info.providers;
  if (provider === 'thaibulksms') {
    return {
      SMSCTL_PROVIDER: provider,
      SMSCTL_BASE_URL: p.thaibulksms.baseUrl,
      SMSCTL_API_KEY: p.thaibulksms.apiKey,
      SMSCTL_API_SECRET: p.thaibulksms.apiSecret,
      ...extra,
    };
  }
  return { SMSCTL_PROVIDER: provider, SMSCTL_BASE_URL: p[provider].baseUrl, SMSCTL_API_KEY: p[provider].apiKey, SMSCTL_SENDER: 'SHOP', ...extra };
}

const sends = () => seen.filter((r) => r.method === 'POST' && /\/(sms|message\/send|sms\/send)$/.test(r.path));

/** The valid, de-duplicated numbers of a CSV fixture, computed independently of the CLI's planner. */
function expectedNumbers(file: string, column: string): Set<string> {
  const lines = readFileSync(join(ROOT, file), 'utf8').trim().split('\n').slice(1);
  const header = readFileSync(join(ROOT, file), 'utf8').split('\n')[0]!.split(',');
  const idx = header.indexOf(column);
  const out = new Set<string>();
  for (const line of lines) {
    const phone = normalizePhone(line.split(',')[idx] ?? '');
    if (phone.ok) out.add(phone.msisdn);
  }
  return out;
}

describe('send through ME-SMS (environment-only profile, cron style)', () => {
  it('sends the personalised fixture: every valid number once, the right text, headers and exit 0', async () => {
    const r = await runCli(
      ['send', '--csv', 'fixtures/contacts.csv', '--message-file', 'fixtures/message.txt', '--yes', '--json'],
      { configDir: tmp.dir, env: envFor('mesms') },
    );
    expect(r.stderr).not.toContain(sandbox.info.providers.mesms.apiKey);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const expected = expectedNumbers('fixtures/contacts.csv', 'phone');
    const received = sends().flatMap((s) => JSON.parse(s.body).msisdns as string[]);
    expect(new Set(received)).toEqual(expected);
    expect(received.length).toBe(expected.size);
    expect(summary.recipients.valid).toBe(expected.size);
    expect(summary.recipients.invalid).toBe(summary.recipients.invalidRows.length);
    expect(summary.recipients.invalidRows[0]).toMatchObject({ row: expect.any(Number), value: expect.any(String), reason: expect.any(String) });
    expect(summary.recipients.duplicates).toBeGreaterThan(0);
    expect(summary.sent.recipients).toBe(expected.size);
    expect(summary.references).toHaveLength(summary.sent.requests);
    expect(summary.references.every((ref: string) => /^[0-9a-f-]{36}$/.test(ref))).toBe(true);
    const first = sends()[0]!;
    expect(first.headers['x-api-key']).toBe(sandbox.info.providers.mesms.apiKey);
    expect(String(first.headers['user-agent'])).toMatch(/^smsctl\/\d/);
    const body = JSON.parse(first.body);
    expect(body.sender).toBe('SHOP');
    expect(body.content).toMatch(/^สวัสดีคุณ/);
    expect(body.content).not.toContain('{{');
  });

  it('recipients with identical text share one request', async () => {
    const r = await runCli(['send', '--to', '0812345678,081-234-5679', '--to', '+66812345670', '-m', 'Sale today', '--yes', '--json'], {
      configDir: tmp.dir,
      env: envFor('mesms'),
    });
    expect(r.code).toBe(0);
    expect(sends()).toHaveLength(1);
    expect(JSON.parse(sends()[0]!.body)).toMatchObject({ msisdns: ['66812345678', '66812345679', '66812345670'], content: 'Sale today' });
  });

  it('without a terminal and without --yes: exit 2 naming --yes, nothing sent', async () => {
    const r = await runCli(['send', '--to', '0812345678', '-m', 'hi'], { configDir: tmp.dir, env: envFor('mesms') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(sends()).toHaveLength(0);
  });

  it('--dry-run sends nothing and needs no --yes', async () => {
    const r = await runCli(['send', '--csv', 'fixtures/contacts.csv', '--message-file', 'fixtures/message.txt', '--dry-run', '--json'], {
      configDir: tmp.dir,
      env: envFor('mesms'),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, dryRun: true });
    expect(sends()).toHaveLength(0);
  });

  it.each([
    ['a placeholder naming no column', ['--csv', 'fixtures/contacts.csv', '-m', 'Hi {{nickname}}'], /\{\{nickname\}\}/],
    ['an empty message', ['--to', '0812345678', '-m', '  '], /empty/],
    ['a sender over 11 characters', ['--to', '0812345678', '-m', 'hi', '--sender', 'TWELVECHARSX'], /at most 11/],
    ['content over 1,000 characters', ['--to', '0812345678', '-m', 'x'.repeat(1001)], /at most 1000/],
    ['no valid recipient', ['--to', '021234567,12345', '-m', 'hi'], /no valid recipient/],
    ['a schedule in the past', ['--to', '0812345678', '-m', 'hi', '--schedule', '2020-01-01T10:00:00+07:00'], /past/],
  ])('%s: exit 3, nothing sent', async (_name, args, message) => {
    const r = await runCli(['send', ...args, '--yes'], { configDir: tmp.dir, env: envFor('mesms') });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(3);
    expect(sends()).toHaveLength(0);
  });

  it('insufficient credit: exit 5, nothing sent', async () => {
    await fetch(`${sandbox.url}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'mesms', balance: 1 }) });
    const r = await runCli(['send', '--to', '0812345678,0812345679', '-m', 'hi', '--yes'], { configDir: tmp.dir, env: envFor('mesms') });
    expect(r.code).toBe(5);
    expect(sends()).toHaveLength(0);
  });

  it('a wrong key: exit 4 and the key never appears in the output', async () => {
    const r = await runCli(['send', '--to', '0812345678', '-m', 'hi', '--yes', '--verbose'], {
      configDir: tmp.dir,
      env: envFor('mesms', { SMSCTL_API_KEY: 'me_wrong_key_0123456789abcdef' }),
    });
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).not.toContain('me_wrong_key_0123456789abcdef');
    expect(sends()).toHaveLength(0);
  });
});

describe('send through ThaiBulkSMS', () => {
  it('splits 1,201 numbers into 500/500/201 form-urlencoded requests with Basic auth', async () => {
    const rows = ['mobile'];
    for (let i = 0; i < 1201; i++) rows.push(`08${String(10000000 + i).padStart(8, '0')}`);
    const csv = join(tmp.dir, 'many.csv');
    writeFileSync(csv, rows.join('\r\n'));
    const r = await runCli(['send', '--csv', csv, '-m', 'Flash sale', '--yes'], { configDir: tmp.dir, env: envFor('thaibulksms') });
    expect(r.code).toBe(0);
    const posts = sends();
    // Requests go out concurrently, so they may arrive in any order.
    expect(posts.map((p) => new URLSearchParams(p.body).get('msisdn')!.split(',').length).sort()).toEqual([201, 500, 500]);
    expect(posts[0]!.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    const p = sandbox.info.providers.thaibulksms;
    expect(posts[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${p.apiKey}:${p.apiSecret}`).toString('base64')}`);
    const all = posts.flatMap((q) => new URLSearchParams(q.body).get('msisdn')!.split(','));
    expect(new Set(all).size).toBe(1201);
    expect(r.stderr).toMatch(/^done: 1,201\/1,201 recipients \(100%\) in 3 requests — 1,201 sent; /m);
  });

  it('a schedule in local Bangkok time reaches ThaiBulkSMS with +07:00', async () => {
    const next = new Date(Date.now() + 2 * 86400_000);
    const local = new Date(next.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const r = await runCli(['send', '--to', '0812345678', '-m', 'later', '--schedule', `${local} 09:30`, '--yes'], {
      configDir: tmp.dir,
      env: envFor('thaibulksms'),
    });
    expect(r.code).toBe(0);
    expect(new URLSearchParams(sends()[0]!.body).get('scheduled_delivery')).toBe(`${local}T09:30:00+07:00`);
  });

  it('a schedule more than a year ahead: exit 3', async () => {
    const r = await runCli(['send', '--to', '0812345678', '-m', 'x', '--schedule', '2099-01-01T00:00:00+07:00', '--yes'], {
      configDir: tmp.dir,
      env: envFor('thaibulksms'),
    });
    expect(r.code).toBe(3);
    expect(sends()).toHaveLength(0);
  });

  it('status is not offered by ThaiBulkSMS: exit 2', async () => {
    const r = await runCli(['status', 'abc'], { configDir: tmp.dir, env: envFor('thaibulksms') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ThaiBulkSMS does not offer/);
  });
});

describe('send through SEPSMS', () => {
  it('sends with X-API-Key and origin, numbers as 66XXXXXXXXX, then status shows delivery', async () => {
    const r = await runCli(['send', '--to', '0812345678,0800000001', '-m', 'Hello', '--yes', '--json'], { configDir: tmp.dir, env: envFor('sepsms') });
    expect(r.code).toBe(0);
    const post = sends()[0]!;
    expect(post.headers['x-api-key']).toBe(sandbox.info.providers.sepsms.apiKey);
    expect(JSON.parse(post.body)).toMatchObject({ origin: 'SHOP', recipients: ['66812345678', '66800000001'], message: 'Hello' });
    const status = await runCli(['status', '--wait', '--json'], { configDir: tmp.dir, env: envFor('sepsms') });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).summary).toEqual({ success: 1, failed: 1 });
  });
});
