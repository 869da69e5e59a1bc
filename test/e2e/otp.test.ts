/**
 * The OTP commands as a developer meets them, by the built CLI against a sandbox this test
 * owns (so it can count what reached the server and move the sandbox's clock): both
 * providers, every way a code fails, the rate limit, missing OTP keys, and the checks that
 * must refuse before anything is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { shapeErrors } from '../helpers/shape.js';
import type { Shape } from '../helpers/shape.js';
import { SANDBOX_KEYS } from '../../src/sandbox/index.js';
import type { RunningSandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { sandbox as startOwnSandbox } from '../sandbox/helpers.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

interface Own {
  s: RunningSandbox;
  /** Requests that reached a provider API (not the sandbox's own endpoints). */
  hits: string[];
  /** Moves the sandbox's clock forward. */
  advance(ms: number): void;
}

async function own(options: SandboxOptions = {}): Promise<Own> {
  let offset = 0;
  const hits: string[] = [];
  const s = await startOwnSandbox({
    now: () => Date.now() + offset,
    onRequest: (r) => void (r.provider !== 'sandbox' && hits.push(`${r.method} ${r.path}`)),
    ...options,
  });
  await cli('profile', 'add', 'sep', '--provider', 'sepsms', '--sandbox', '--base-url', s.url, '--sender', 'SHOP');
  await cli('profile', 'add', 'tbs', '--provider', 'thaibulksms', '--sandbox', '--base-url', s.url);
  return { s, hits, advance: (ms) => void (offset += ms) };
}

async function cli(...args: string[]) {
  return runCli(args, { configDir: tmp.dir });
}

async function codeFor(s: RunningSandbox, msisdn: string): Promise<string> {
  const { messages } = (await (await fetch(`${s.url}/__sandbox/inbox?msisdn=${msisdn}`)).json()) as { messages: { text: string }[] };
  const text = messages.at(-1)!.text;
  return /(?:code is|OTP is) (\d{4,8})/.exec(text)![1]!;
}

const other = (code: string) => (code === '000000' ? '111111' : '000000');

describe.each([
  ['SEPSMS', 'sep', /expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00 \(in 5:00\)/],
  ['ThaiBulkSMS', 'tbs', /ThaiBulkSMS does not say when it expires/],
])('%s: otp send NUMBER, otp verify REFERENCE CODE', (_name, profile, expiry) => {
  it('prints the reference (never the code) and verifies once; a reused code says so', async () => {
    const { s } = await own();
    const sent = await cli('--profile', profile, 'otp', 'send', '0812345678');
    expect(sent.code, sent.stderr).toBe(0);
    const reference = sent.stdout.trim();
    expect(sent.stderr).toMatch(expiry);
    expect(sent.stderr).toContain(`Verify: smsctl --profile ${profile} otp verify ${reference} CODE`);
    const code = await codeFor(s, '0812345678');
    expect(sent.stdout + sent.stderr).not.toContain(code);
    const ok = await cli('--profile', profile, 'otp', 'verify', reference, code);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('Verified.\n');
    const again = await cli('--profile', profile, 'otp', 'verify', reference, code, '--json');
    expect(again.code).toBe(10);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, reference, verified: false, reason: 'used', error: { kind: 'otp_not_verified', code: 'OTP_NOT_VERIFIED' } });
    expect(again.stderr).toBe('smsctl: error: not verified: the code was already used (a code verifies once)\n');
  });

  it('a wrong code is exit 10 with a sentence (ThaiBulkSMS answers it with an error response)', async () => {
    const { s } = await own();
    const reference = (await cli('--profile', profile, 'otp', 'send', '0812345678')).stdout.trim();
    const wrong = await cli('--profile', profile, 'otp', 'verify', reference, other(await codeFor(s, '0812345678')));
    expect(wrong.code).toBe(10);
    expect(wrong.stderr).toMatch(/^smsctl: error: not verified: the code is wrong/);
    expect(wrong.stderr).not.toMatch(/HTTP 400|pin|rejected/);
  });

  it('an expired code is exit 10 saying it expired', async () => {
    const o = await own();
    const reference = (await cli('--profile', profile, 'otp', 'send', '0812345678')).stdout.trim();
    const code = await codeFor(o.s, '0812345678');
    o.advance(5 * 60_000 + 1000);
    const late = await cli('--profile', profile, 'otp', 'verify', reference, code);
    expect(late.code).toBe(10);
    expect(late.stderr).toBe('smsctl: error: not verified: the code has expired; send a new one\n');
  });

  it('an unknown reference is exit 10 naming it', async () => {
    await own();
    const r = await cli('--profile', profile, 'otp', 'verify', 'NOSUCH', '123456');
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(/knows no OTP with the reference NOSUCH/);
  });

  it('otp test --auto walks the whole path unattended: exit 0 and one JSON document', async () => {
    await own();
    const r = await cli('--profile', profile, 'otp', 'test', '0812345678', '--auto', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const schema: Shape = {
      ok: 'boolean',
      msisdn: 'string',
      token: 'string',
      refno: { optional: 'string' },
      expiresAt: { optional: 'string' },
      verified: 'boolean',
      reason: { optional: 'string' },
      timings: { sendMs: 'number', verifyMs: 'number' },
    };
    expect(shapeErrors(doc, schema)).toEqual([]);
    expect(doc).toMatchObject({ ok: true, msisdn: '66812345678', verified: true });
    const plain = await cli('--profile', profile, 'otp', 'test', '0898765432', '--auto');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('Verified: the whole OTP path works.\n');
    expect(plain.stderr).toMatch(/^Timing: send \d+(\.\d)? m?s, verify \d+(\.\d)? m?s; .* from send to verified\.$/m);
  });

  it('the old flags still work: --to, --token, --code', async () => {
    const { s } = await own();
    const reference = (await cli('--profile', profile, 'otp', 'send', '--to', '0812345678')).stdout.trim();
    const r = await cli('--profile', profile, 'otp', 'verify', '--token', reference, '--code', await codeFor(s, '0812345678'));
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('refused before anything is sent', () => {
  it.each([
    [['sep', 'send', '0812345678', '--ttl', '30'], 3, '--ttl 30: SEPSMS codes live 60 to 600 seconds'],
    [['sep', 'send', '0812345678', '--ttl', '601'], 3, '--ttl 601: SEPSMS codes live 60 to 600 seconds'],
    [['sep', 'send', '0812345678', '--length', '3'], 3, '--length 3: SEPSMS codes have 4 to 8 digits'],
    [['sep', 'send', '0812345678', '--template', 'Your code'], 3, '--template must contain {code}, where SEPSMS puts the code (it may also contain {ref})'],
    [['sep', 'send', '0812345678', '--template', 'Hi {name}, {code}'], 3, '--template: SEPSMS fills in only {code} and {ref}; {name} would reach the phone as it is'],
    [['sep', 'test', '0812345678', '--auto', '--ttl', '30'], 3, '--ttl 30: SEPSMS codes live 60 to 600 seconds'],
    [['tbs', 'send', '0812345678', '--ttl', '120'], 2, "ThaiBulkSMS sets an OTP's sender, message, lifetime and length in its dashboard (the OTP app), not per request: leave out --ttl"],
    [['tbs', 'send', '0812345678', '--template', '{code}', '--length', '6'], 2, 'leave out --template, --length'],
    [['sep', 'send', '021234567'], 3, 'NUMBER "021234567"'],
    [['sep', 'send'], 2, 'otp send needs the NUMBER'],
    [['sep', 'send', '0812345678', '--to', '0898765432'], 2, 'NUMBER and --to differ'],
    [['sep', 'verify', 'A3K9X2', ''], 2, 'CODE is empty'],
    [['sep', 'verify', 'A3K9X2', '  '], 2, 'CODE is empty'],
    [['sep', 'verify', 'A3K9X2'], 2, 'CODE is needed when there is no terminal to ask on: smsctl otp verify REFERENCE CODE'],
    [['sep', 'verify'], 2, 'otp verify needs the REFERENCE'],
    [['sep', 'test', '0812345678'], 2, 'otp test asks for the code at a terminal, and there is none: in a script, run `smsctl otp send NUMBER` then `smsctl otp verify REFERENCE CODE`'],
    [['sep', 'test', '0812345678', '--json'], 2, '--json goes with --auto'],
  ])('otp %j → exit %i', async ([profile, ...args], exit, message) => {
    const o = await own();
    const r = await cli('--profile', profile!, 'otp', ...args);
    expect(r.code).toBe(exit);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(o.hits).toEqual([]);
  });

  it('ME-SMS publishes no OTP API: every otp command is exit 2 with a sentence', async () => {
    for (const args of [['send', '0812345678'], ['verify', 'A3K9X2', '123456'], ['test', '0812345678', '--auto']]) {
      const r = await cli('--profile', 'sandbox', 'otp', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^smsctl: error: ME-SMS does not offer `otp (send|verify|test)` \(it publishes no API for it\): use a SEPSMS or ThaiBulkSMS profile for OTPs .*\n$/);
    }
  });

  it('--auto with a real provider is exit 2, and no code goes out', async () => {
    const o = await own();
    const env = { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: SANDBOX_KEYS.sepsms.apiKey, SMSCTL_BASE_URL: o.s.info.providers.sepsms.baseUrl, SMSCTL_SENDER: 'SHOP' };
    const r = await runCli(['otp', 'test', '0812345678', '--auto'], { configDir: tmp.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--auto reads the code from the sandbox's inbox, and profile .* is a real SEPSMS account/);
    expect(o.hits).toEqual([]);
  });

  it('ThaiBulkSMS without OTP keys: exit 4 naming SMSCTL_OTP_KEY / SMSCTL_OTP_SECRET and profile add', async () => {
    const o = await own();
    const tbs = o.s.info.providers.thaibulksms;
    const env = { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_API_KEY: tbs.apiKey, SMSCTL_API_SECRET: tbs.apiSecret, SMSCTL_BASE_URL: tbs.baseUrl, SMSCTL_OTP_BASE_URL: tbs.otpBaseUrl };
    const r = await runCli(['otp', 'send', '0812345678'], { configDir: tmp.dir, env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/SMSCTL_OTP_KEY and SMSCTL_OTP_SECRET/);
    expect(r.stderr).toMatch(/smsctl profile add NAME --provider thaibulksms/);
    // A saved profile is told how to mend itself.
    const added = await runCli(['profile', 'add', 'shop', '--provider', 'thaibulksms', '--secrets-stdin', '--base-url', tbs.baseUrl, '--otp-base-url', tbs.otpBaseUrl], {
      configDir: tmp.dir,
      input: `${tbs.apiKey}\n${tbs.apiSecret}\n\n`,
    });
    expect(added.code, added.stderr).toBe(0);
    const saved = await cli('--profile', 'shop', 'otp', 'test', '0812345678', '--auto');
    expect(saved.code).toBe(2); // a real account: --auto is refused before the keys matter
    const sent = await cli('--profile', 'shop', 'otp', 'send', '0812345678');
    expect(sent.code).toBe(4);
    expect(sent.stderr).toMatch(/smsctl profile edit shop --set-key otp-key/);
    expect(sent.stderr).toMatch(/SMSCTL_OTP_KEY/);
    expect(o.hits).toEqual([]);
  });
});

describe('SEPSMS rate limit: 5 OTP sends a minute per IP', () => {
  it('the sixth send says when the next one is allowed (from Retry-After), at once, instead of waiting in a loop', async () => {
    const o = await own();
    for (let i = 0; i < 5; i++) expect((await cli('--profile', 'sep', 'otp', 'send', '0812345678')).code).toBe(0);
    const started = Date.now();
    const r = await cli('--profile', 'sep', 'otp', 'send', '0812345678', '--json');
    expect(r.code).toBe(6);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/^smsctl: error: SEPSMS allows 5 OTP sends a minute from one IP: the next send is allowed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00 \(in \d+ s\)\n$/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { kind: 'rate_limited', code: 'PROVIDER_RATE_LIMITED', status: 429 } });
    expect(o.hits.filter((h) => h.endsWith('/otp/send'))).toHaveLength(6);
  });
});
