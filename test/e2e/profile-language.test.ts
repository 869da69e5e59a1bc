/**
 * A profile keeps a preferred language (issue 16): `profile add|edit --language th` makes the
 * commands that use that profile speak Thai with nothing in the environment, while --lang and
 * SMSCTL_LANG still come first and an environment-only profile (SMSCTL_PROVIDER) has none.
 * The built CLI, as a user runs it: the language is chosen before anything else is loaded.
 *
 * Both stored profiles point at a plain-http base URL, as if the config file had been edited
 * by hand, so `balance` stops at that check (exit 2) before any request: an error of its own
 * that shows which language was chosen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const KEY = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
const THAI = /^smsctl: ผิดพลาด: baseUrl ของโปรไฟล์ "thai" ในไฟล์ตั้งค่า: ไม่อนุญาต http:\/\/ ธรรมดาสำหรับ example\.com/m;
const ENGLISH = /^smsctl: error: profile "thai" baseUrl in the config file: plain http:\/\/ is refused for example\.com/m;

const tmp = tempConfigDir();
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { configDir: tmp.dir, env });

beforeAll(async () => {
  // shop, added first, is the default and keeps no language; thai keeps Thai.
  for (const args of [['shop'], ['thai', '--language', 'th']]) {
    const r = await cli(['profile', 'add', ...args, '--provider', 'sepsms', '--sender', 'SHOP'], { SMSCTL_API_KEY: KEY });
    expect(r.code, r.stderr).toBe(0);
  }
  const file = join(tmp.dir, 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  for (const p of Object.values<{ baseUrl?: string }>(config.profiles)) p.baseUrl = 'http://example.com/api/v2';
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
});
afterAll(() => tmp.cleanup());

describe('a profile with language th', () => {
  it.each([
    [['--profile', 'thai', 'balance'], {}],
    [['-p', 'thai', 'balance'], {}],
    [['--profile=thai', 'balance'], {}],
    [['balance'], { SMSCTL_PROFILE: 'thai' }],
  ])('%j %j: its errors are Thai with no language in the environment', async (args, env) => {
    const r = await cli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(THAI);
    expect(r.stderr).toMatch(/แก้ได้ด้วย: smsctl profile edit thai --base-url https:\/\/…$/m);
  });

  it('its output is Thai too (a profile list run with it)', async () => {
    const r = await cli(['--profile', 'thai', 'profile', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^ {2}ชื่อ +ผู้ให้บริการ +ชื่อผู้ส่ง/);
  });

  it('SMSCTL_LANG=en comes before it', async () => {
    const r = await cli(['--profile', 'thai', 'balance'], { SMSCTL_LANG: 'en' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(ENGLISH);
  });

  it('--lang en comes before it, and before SMSCTL_LANG', async () => {
    for (const env of [{}, { SMSCTL_LANG: 'th' }] as Record<string, string>[]) {
      const r = await cli(['--lang', 'en', '--profile', 'thai', 'balance'], env);
      expect(r.stderr).toMatch(ENGLISH);
    }
  });

  it('--json is the same document in both languages but for the message', async () => {
    const th = JSON.parse((await cli(['--profile', 'thai', 'balance', '--json'])).stdout);
    const en = JSON.parse((await cli(['--profile', 'thai', 'balance', '--json'], { SMSCTL_LANG: 'en' })).stdout);
    expect({ ...th, error: { ...th.error, message: '' } }).toEqual({ ...en, error: { ...en.error, message: '' } });
    expect(th.error.message).toMatch(/ไม่อนุญาต/);
  });

  it('does not speak for the default profile when that has none', async () => {
    const r = await cli(['balance']);
    expect(r.stderr).toMatch(/^smsctl: error: profile "shop" baseUrl in the config file: plain http:\/\/ is refused/m);
  });

  it('a profile language comes before the locale', async () => {
    expect((await cli(['balance'], { LANG: 'th_TH.UTF-8' })).stderr).toMatch(/^smsctl: ผิดพลาด: baseUrl ของโปรไฟล์ "shop"/m);
    expect((await cli(['profile', 'edit', 'shop', '--language', 'en'])).code).toBe(0);
    expect((await cli(['balance'], { LANG: 'th_TH.UTF-8' })).stderr).toMatch(/^smsctl: error: profile "shop" baseUrl/m);
    expect((await cli(['profile', 'edit', 'shop', '--unset', 'language'])).code).toBe(0);
  });
});

describe('the default profile with language th', () => {
  beforeAll(async () => {
    expect((await cli(['profile', 'use', 'thai'])).code).toBe(0);
  });

  it('applies when no --profile is given', async () => {
    const r = await cli(['balance']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(THAI);
  });

  it('is not the language of another profile named with --profile', async () => {
    expect((await cli(['--profile', 'shop', 'balance'])).stderr).toMatch(/^smsctl: error: profile "shop" baseUrl/m);
  });

  it('an environment-only profile (SMSCTL_PROVIDER) ignores it', async () => {
    const r = await cli(['balance'], { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: KEY, SMSCTL_BASE_URL: 'http://example.com/api/v2' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^smsctl: error: SMSCTL_BASE_URL: plain http:\/\/ is refused for example\.com/m);
  });
});
