/**
 * `profile edit` changes one thing and keeps the rest; `profile add` and `profile edit`
 * refuse what a send would later refuse (the provider's recipients-per-request cap, its
 * sender length); masked prompts ask again when left empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

const TBS = {
  SMSCTL_API_KEY: 'tbs_key_1234567890abcdef',
  SMSCTL_API_SECRET: 'tbs_secret_1234567890abcdef',
  SMSCTL_OTP_KEY: 'tbs_otp_1234567890abcdef',
  SMSCTL_OTP_SECRET: 'tbs_otpsecret_1234567890abcdef',
};
const SEP = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

const stored = (name: string) => (JSON.parse(readFileSync(join(tmp.dir, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles[name];
const add = async (args: string[], env: Record<string, string>) => {
  const r = await run(['profile', 'add', ...args], { configDir: tmp.dir, env });
  expect(r.code, r.stderr).toBe(0);
};

describe('profile edit', () => {
  it('changes the sender and base URL without touching the keys', async () => {
    await add(['tbs', '--provider', 'thaibulksms', '--sender', 'OLD'], TBS);
    const before = stored('tbs')!;
    const r = await run(['profile', 'edit', 'tbs', '--sender', 'NEW', '--base-url', 'https://proxy.example.com/tbs/'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual([]);
    expect(r.stderr).toMatch(/^Updated profile tbs \(ThaiBulkSMS\): sender, base URL\. Check it with: smsctl profile test tbs$/m);
    expect(stored('tbs')).toEqual({ ...before, sender: 'NEW', baseUrl: 'https://proxy.example.com/tbs' });
  });

  it('--set-key replaces one key, prompted for (masked) on a terminal; the others stay', async () => {
    await add(['tbs', '--provider', 'thaibulksms'], TBS);
    const r = await run(['profile', 'edit', 'tbs', '--set-key', 'api-secret'], { configDir: tmp.dir, tty: true, answers: ['', 'tbs_secret_new_0000000000'] });
    expect(r.code, r.stderr).toBe(0);
    // Left empty, the masked prompt asks again.
    expect(r.prompts).toEqual(['New API secret:', 'New API secret:']);
    expect(stored('tbs')).toMatchObject({ ...apiFields(TBS), apiSecret: 'tbs_secret_new_0000000000' });
    expect(r.stderr + r.stdout).not.toContain('tbs_secret_new_0000000000');
  });

  it('--set-key reads SMSCTL_* without a terminal, or --secrets-stdin lines in key order', async () => {
    await add(['tbs', '--provider', 'thaibulksms'], TBS);
    const env = await run(['profile', 'edit', 'tbs', '--set-key', 'api-key'], { configDir: tmp.dir, env: { SMSCTL_API_KEY: 'tbs_key_from_env_000000000', SMSCTL_API_SECRET: 'ignored-not-asked-for' } });
    expect(env.code, env.stderr).toBe(0);
    expect(stored('tbs')).toMatchObject({ ...apiFields(TBS), apiKey: 'tbs_key_from_env_000000000' });
    const stdin = await run(['profile', 'edit', 'tbs', '--set-key', 'otp-secret,otp-key', '--secrets-stdin'], { configDir: tmp.dir, stdin: 'otp-key-new-0000000\notp-secret-new-00000\n' });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stored('tbs')).toMatchObject({ apiKey: 'tbs_key_from_env_000000000', apiSecret: TBS.SMSCTL_API_SECRET, otpKey: 'otp-key-new-0000000', otpSecret: 'otp-secret-new-00000' });
  });

  it('--set-key without a terminal, variable or stdin: exit 2, nothing changed', async () => {
    await add(['me', '--provider', 'mesms'], { SMSCTL_API_KEY: 'me_key_0123456789abcdef' });
    const r = await run(['profile', 'edit', 'me', '--set-key', 'api-key'], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SMSCTL_API_KEY/);
    expect(stored('me')!.apiKey).toBe('me_key_0123456789abcdef');
  });

  it('--unset clears a setting; an OTP key goes with its secret', async () => {
    await add(['tbs', '--provider', 'thaibulksms', '--sender', 'S', '--batch-size', '100'], TBS);
    const r = await run(['profile', 'edit', 'tbs', '--unset', 'sender', '--unset', 'otp-key', '--unset', 'batch-size'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(stored('tbs')).toEqual({ name: 'tbs', provider: 'thaibulksms', apiKey: TBS.SMSCTL_API_KEY, apiSecret: TBS.SMSCTL_API_SECRET });
  });

  it.each([
    [['--batch-size', '1000'], 2, /--batch-size 1000: ThaiBulkSMS takes at most 500 numbers a request/],
    [['--base-url', 'http://sms.example.com'], 2, /plain http:\/\/ is refused/],
    [['--set-key', 'bogus'], 2, /--set-key bogus: expected one of api-key, api-secret, otp-key, otp-secret/],
    [['--sender', 'X', '--unset', 'sender'], 2, /--unset sender and a new value/],
    [['--set-key', 'otp-secret', '--unset', 'otp-key'], 2, /--unset otp-key and a new value/],
    [['--api-key', 'tbs_key_leak_0000000000'], 2, /--api-key: secrets are never taken as flags/],
    [[], 2, /nothing to change/],
  ])('tbs %j → exit %i', async (flags, code, message) => {
    await add(['tbs', '--provider', 'thaibulksms'], TBS);
    const before = stored('tbs');
    const r = await run(['profile', 'edit', 'tbs', ...flags], { configDir: tmp.dir });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('tbs_key_leak_0000000000');
    expect(stored('tbs')).toEqual(before);
  });

  it('refuses what the provider does not have, and the built-in and sandbox profiles\' keys', async () => {
    await add(['me', '--provider', 'mesms'], { SMSCTL_API_KEY: 'me_key_0123456789abcdef' });
    expect((await run(['profile', 'edit', 'me', '--set-key', 'api-secret'], { configDir: tmp.dir })).stderr).toMatch(/ME-SMS has only an API key/);
    expect((await run(['profile', 'edit', 'me', '--sender', 'TWELVECHARSX'], { configDir: tmp.dir })).code).toBe(3);
    expect((await run(['profile', 'edit', 'me', '--otp-base-url', 'https://otp.example.com'], { configDir: tmp.dir })).stderr).toMatch(/only ThaiBulkSMS/);
    expect((await run(['profile', 'edit', 'sandbox', '--sender', 'X'], { configDir: tmp.dir })).stderr).toMatch(/built in and cannot be edited/);
    await add(['dev', '--provider', 'sepsms', '--sandbox'], {});
    expect((await run(['profile', 'edit', 'dev', '--set-key', 'api-key'], { configDir: tmp.dir })).stderr).toMatch(/sandbox's own keys/);
    const ok = await run(['profile', 'edit', 'dev', '--sender', 'DEV2', '--default'], { configDir: tmp.dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/sender, now the default\.$/m);
  });

  it('a new OTP key with no OTP secret stored asks for the secret too', async () => {
    await add(['tbs', '--provider', 'thaibulksms'], { SMSCTL_API_KEY: TBS.SMSCTL_API_KEY, SMSCTL_API_SECRET: TBS.SMSCTL_API_SECRET });
    const r = await run(['profile', 'edit', 'tbs', '--set-key', 'otp-key'], { configDir: tmp.dir, tty: true, answers: ['otp-key-0000000000', 'otp-secret-0000000000'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual(['New OTP key:', 'New OTP secret:']);
    expect(stored('tbs')).toMatchObject({ otpKey: 'otp-key-0000000000', otpSecret: 'otp-secret-0000000000' });
  });
});

describe('profile add checks what send would refuse', () => {
  it.each([
    ['thaibulksms', ['--batch-size', '1000'], 2, /--batch-size 1000: ThaiBulkSMS takes at most 500 numbers a request/],
    ['thaibulksms', ['--batch-size', '500'], 0, undefined],
    ['mesms', ['--batch-size', '2000001'], 2, /ME-SMS takes at most 2,000,000 numbers a request/],
    ['mesms', ['--batch-size', '2000000', '--sender', 'ELEVENCHARS'], 0, undefined],
    ['mesms', ['--sender', 'TWELVECHARSX'], 3, /--sender "TWELVECHARSX" is 12 characters; ME-SMS accepts at most 11/],
    // SEPSMS publishes no cap: a large batch is the user's choice.
    ['sepsms', ['--batch-size', '50000', '--sender', 'A-LONG-SENDER-NAME'], 0, undefined],
    ['sepsms', ['--otp-base-url', 'https://otp.example.com'], 2, /--otp-base-url: only ThaiBulkSMS/],
  ] as const)('%s %j → exit %i', async (provider, flags, code, message) => {
    const r = await run(['profile', 'add', 'p', '--provider', provider, ...flags], { configDir: tmp.dir, env: TBS });
    expect(r.code, r.stderr).toBe(code);
    if (message) expect(r.stderr).toMatch(message);
  });
});

describe('masked prompts', () => {
  it('an empty answer at a needed secret asks again on a terminal (not "run on a terminal")', async () => {
    const r = await run(['profile', 'add', 'shop', '--provider', 'sepsms'], { configDir: tmp.dir, tty: true, answers: ['', '  ', SEP] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual(['API key:', 'API key:', 'API key:']);
    expect(r.stderr).toMatch(/The API key is needed/);
    expect(r.stderr).not.toMatch(/run on a terminal/);
    expect(stored('shop')!.apiKey).toBe(SEP);
  });

  it('gives up after three empty answers: exit 2, nothing saved', async () => {
    const r = await run(['profile', 'add', 'shop', '--provider', 'sepsms'], { configDir: tmp.dir, tty: true, answers: ['', '', ''] });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no API key given; nothing was saved/);
    expect(r.stderr).not.toMatch(/run on a terminal/);
  });

  it('skipping the optional ThaiBulkSMS OTP key skips its secret prompt', async () => {
    const r = await run(['profile', 'add', 'tbs', '--provider', 'thaibulksms'], { configDir: tmp.dir, tty: true, answers: ['tbs_key_0123456789abcdef', 'tbs_secret_0123456789abcdef', ''] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual(['API key:', 'API secret:', 'OTP key (Enter to skip):']);
    expect(stored('tbs')).not.toHaveProperty('otpKey');
    expect(stored('tbs')).not.toHaveProperty('otpSecret');
  });

  it('an OTP key given: its secret is needed, and asked again when left empty', async () => {
    const r = await run(['profile', 'add', 'tbs', '--provider', 'thaibulksms'], {
      configDir: tmp.dir,
      tty: true,
      answers: ['tbs_key_0123456789abcdef', 'tbs_secret_0123456789abcdef', 'otp_key_0123456789', '', 'otp_secret_0123456789'],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual(['API key:', 'API secret:', 'OTP key (Enter to skip):', 'OTP secret:', 'OTP secret:']);
    expect(stored('tbs')).toMatchObject({ otpKey: 'otp_key_0123456789', otpSecret: 'otp_secret_0123456789' });
  });

  it('an OTP secret without an OTP key (variables): exit 2', async () => {
    const r = await run(['profile', 'add', 'tbs', '--provider', 'thaibulksms'], {
      configDir: tmp.dir,
      env: { SMSCTL_API_KEY: TBS.SMSCTL_API_KEY, SMSCTL_API_SECRET: TBS.SMSCTL_API_SECRET, SMSCTL_OTP_SECRET: TBS.SMSCTL_OTP_SECRET },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SMSCTL_OTP_SECRET gives an OTP secret but there is no OTP key/);
  });
});

function apiFields(env: typeof TBS) {
  return { apiKey: env.SMSCTL_API_KEY, apiSecret: env.SMSCTL_API_SECRET, otpKey: env.SMSCTL_OTP_KEY, otpSecret: env.SMSCTL_OTP_SECRET };
}
