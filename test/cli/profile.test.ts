import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

const KEY = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

describe('profile add', () => {
  it('prompts for the key with masked input on a terminal and stores it 0600 in a 0700 dir', async () => {
    const dir = join(tmp.dir, 'cfg');
    const r = await run(['profile', 'add', 'prod', '--provider', 'sepsms', '--sender', 'SHOP'], {
      configDir: dir,
      tty: true,
      answers: [KEY],
    });
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual(['API key:']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const file = join(dir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.prod).toMatchObject({ provider: 'sepsms', apiKey: KEY, sender: 'SHOP' });
    expect(r.stderr + r.stdout).not.toContain(KEY);
  });

  it('takes secrets from SMSCTL_* variables without a terminal', async () => {
    const r = await run(['profile', 'add', 'tbs', '--provider', 'thaibulksms'], {
      configDir: tmp.dir,
      env: { SMSCTL_API_KEY: 'tbs_key_1234567890abcd', SMSCTL_API_SECRET: 'tbs_secret_1234567890abcd' },
    });
    expect(r.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(tmp.dir, 'config.json'), 'utf8')).profiles.tbs;
    expect(stored).toMatchObject({ apiKey: 'tbs_key_1234567890abcd', apiSecret: 'tbs_secret_1234567890abcd' });
  });

  it('takes secrets from stdin with --secrets-stdin, one per line', async () => {
    const r = await run(['profile', 'add', 'tbs', '--provider', 'thaibulksms', '--secrets-stdin'], {
      configDir: tmp.dir,
      stdin: 'key-aaaaaaaaaaaaaaaa\nsecret-bbbbbbbbbbbbbbbb\notpkey-cccccccccccc\notpsecret-dddddddddddd\n',
    });
    expect(r.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(tmp.dir, 'config.json'), 'utf8')).profiles.tbs;
    expect(stored).toMatchObject({
      apiKey: 'key-aaaaaaaaaaaaaaaa',
      apiSecret: 'secret-bbbbbbbbbbbbbbbb',
      otpKey: 'otpkey-cccccccccccc',
      otpSecret: 'otpsecret-dddddddddddd',
    });
  });

  it('refuses a secret given as a flag, without echoing it', async () => {
    const r = await run(['profile', 'add', 'x', '--provider', 'sepsms', '--api-key', KEY], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--api-key: secrets are never taken as flags/);
    expect(r.stderr).not.toContain(KEY);
  });

  it('without a terminal, env or stdin: exit 2 naming where the key can come from', async () => {
    const r = await run(['profile', 'add', 'x', '--provider', 'mesms'], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SMSCTL_API_KEY/);
  });

  it.each([
    ['http://sepsms.example.com/api/v2', 2],
    ['ftp://127.0.0.1/', 2],
    ['not a url', 2],
    ['http://127.0.0.1:8787/sepsms/api/v2', 0],
    ['http://localhost:9/x', 0],
    ['https://sepsms.example.com/api/v2', 0],
  ])('--base-url %s → exit %i', async (url, code) => {
    const r = await run(['profile', 'add', 'x', '--provider', 'sepsms', '--base-url', url], {
      configDir: tmp.dir,
      env: { SMSCTL_API_KEY: KEY },
    });
    expect(r.code).toBe(code);
  });

  it('rejects an unknown provider and the reserved name sandbox', async () => {
    expect((await run(['profile', 'add', 'x', '--provider', 'twilio'], { configDir: tmp.dir })).stderr).toMatch(/unknown provider "twilio"/);
    expect((await run(['profile', 'add', 'sandbox', '--provider', 'sepsms', '--sandbox'], { configDir: tmp.dir })).code).toBe(2);
  });
});

describe('profile list/show/use/remove', () => {
  it('lists profiles with keys masked, marks the default, and switches it', async () => {
    const env = { SMSCTL_API_KEY: KEY };
    await run(['profile', 'add', 'a', '--provider', 'sepsms'], { configDir: tmp.dir, env });
    await run(['profile', 'add', 'b', '--provider', 'mesms', '--sender', 'ME'], { configDir: tmp.dir, env });
    let list = await run(['profile', 'list'], { configDir: tmp.dir });
    expect(list.stdout).toContain('sk_sep_3f9a…d21c');
    expect(list.stdout).not.toContain(KEY);
    expect(list.stdout).toMatch(/\* a\s/);
    expect(list.stdout).toMatch(/sandbox/);
    expect((await run(['profile', 'use', 'b'], { configDir: tmp.dir })).code).toBe(0);
    list = await run(['profile', 'list', '--json'], { configDir: tmp.dir });
    const doc = JSON.parse(list.stdout) as { ok: boolean; profiles: { name: string; default: boolean; apiKey: string | null }[] };
    expect(doc.ok).toBe(true);
    const json = doc.profiles;
    expect(json.find((p) => p.default)?.name).toBe('b');
    expect(list.stdout).not.toContain(KEY);
    const show = await run(['profile', 'show', 'b', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'b', provider: 'mesms', sender: 'ME', apiKey: 'sk_sep_3f9a…d21c' });
    expect((await run(['profile', 'remove', 'b', '--yes'], { configDir: tmp.dir })).code).toBe(0);
    expect((await run(['profile', 'show', 'b'], { configDir: tmp.dir })).code).toBe(2);
    expect((await run(['profile', 'remove', 'sandbox', '--yes'], { configDir: tmp.dir })).code).toBe(2);
  });
});

describe('credential resolution', () => {
  it('with no usable credentials: exit 4 and says how to add a profile', async () => {
    const r = await run(['balance'], { configDir: tmp.dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/smsctl profile add/);
  });

  it('SMSCTL_PROVIDER without SMSCTL_API_KEY: exit 4', async () => {
    const r = await run(['balance'], { configDir: tmp.dir, env: { SMSCTL_PROVIDER: 'sepsms' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/SMSCTL_API_KEY/);
  });

  it('an unknown --profile: exit 2 (a usage mistake, as everywhere) listing the profiles', async () => {
    const r = await run(['--profile', 'nope', 'balance'], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no profile named "nope".*sandbox/);
  });

  it('SMSCTL_BASE_URL over plain http to a remote host is refused', async () => {
    const r = await run(['balance'], {
      configDir: tmp.dir,
      env: { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: KEY, SMSCTL_BASE_URL: 'http://sepsms.com/api/v2' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SMSCTL_BASE_URL: plain http:\/\/ is refused/);
  });
});
