/**
 * Configuration safety: a config file readable by others is tightened to 0600 when read
 * (with one warning line), and a base URL written into it by hand gets the same
 * https-unless-loopback check as --base-url.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStoredProfile, resolveProfile } from '../../src/config/resolve.js';
import { ProfileStore } from '../../src/config/store.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

const KEY = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());
const file = () => join(tmp.dir, 'config.json');

async function addShop(): Promise<void> {
  const r = await run(['profile', 'add', 'shop', '--provider', 'sepsms', '--sender', 'SHOP'], { configDir: tmp.dir, env: { SMSCTL_API_KEY: KEY } });
  expect(r.code, r.stderr).toBe(0);
}

function handEdit(change: (doc: { profiles: Record<string, Record<string, unknown>> }) => void): void {
  const doc = JSON.parse(readFileSync(file(), 'utf8'));
  change(doc);
  writeFileSync(file(), JSON.stringify(doc, null, 2));
}

describe.skipIf(process.platform === 'win32')('a config file with a wide mode', () => {
  it.each([0o644, 0o640, 0o666, 0o604])('%o is tightened to 0600 on read, with one warning line, once', async (mode) => {
    await addShop();
    chmodSync(file(), mode);
    const r = await run(['profile', 'list'], { configDir: tmp.dir });
    expect(r.code).toBe(0);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual([`smsctl: warning: ${file()} was readable by others (mode 0${mode.toString(8)}); tightened it to 0600 — it holds API keys`]);
    expect((await run(['profile', 'list'], { configDir: tmp.dir })).stderr).toBe('');
  });

  it('0600 (and stricter) is left alone, silently', () => {
    writeFileSync(file(), '{"profiles":{}}');
    chmodSync(file(), 0o400);
    const warned: string[] = [];
    new ProfileStore(tmp.dir, { warn: (l) => warned.push(l) }).list();
    expect(warned).toEqual([]);
    expect(statSync(file()).mode & 0o777).toBe(0o400);
  });

  it('every reader tightens it, not only the profile commands', async () => {
    await addShop();
    chmodSync(file(), 0o644);
    const warned: string[] = [];
    resolveProfile('shop', {}, () => new ProfileStore(tmp.dir, { warn: (l) => warned.push(l) }));
    expect(warned).toHaveLength(1);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });
});

describe('a base URL edited into config.json by hand', () => {
  it('plain http to a remote host is refused wherever the profile is used, naming the fix', async () => {
    await addShop();
    handEdit((doc) => (doc.profiles.shop!.baseUrl = 'http://sms.example.com/api/v2'));
    for (const args of [['balance'], ['--profile', 'shop', 'balance'], ['profile', 'test', 'shop']]) {
      const r = await run(args, { configDir: tmp.dir, env: { SMSCTL_PROFILE: undefined } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/profile "shop" baseUrl in the config file: plain http:\/\/ is refused for sms\.example\.com .*; fix it with: smsctl profile edit shop --base-url https:\/\/…/);
    }
    // The profile can still be shown, fixed or removed.
    expect((await run(['profile', 'show', 'shop'], { configDir: tmp.dir })).code).toBe(0);
    const fixed = await run(['profile', 'edit', 'shop', '--base-url', 'https://sms.example.com/api/v2'], { configDir: tmp.dir });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(checkStoredProfile(new ProfileStore(tmp.dir).get('shop')!).baseUrl).toBe('https://sms.example.com/api/v2');
  });

  it.each([
    ['http://127.0.0.1:8787/sepsms/api/v2', true],
    ['http://localhost:9/x', true],
    ['https://sepsms.example.com/api/v2', true],
    ['http://sepsms.example.com/api/v2', false],
    ['ftp://127.0.0.1/', false],
    ['not a url', false],
    [42, false],
  ])('baseUrl %j in the file → accepted: %s', (baseUrl, accepted) => {
    const profile = { name: 'x', provider: 'sepsms' as const, baseUrl: baseUrl as string };
    if (accepted) expect(checkStoredProfile(profile)).toBe(profile);
    else expect(() => checkStoredProfile(profile)).toThrow(expect.objectContaining({ kind: 'usage', code: expect.stringMatching(/^(INSECURE|BAD)_BASE_URL$/) }));
  });

  it('the OTP base URL too', () => {
    expect(() => checkStoredProfile({ name: 't', provider: 'thaibulksms', otpBaseUrl: 'http://otp.example.com' })).toThrow(/otpBaseUrl in the config file: plain http/);
  });
});
