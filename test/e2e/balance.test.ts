/**
 * `balance` and `profile test` for each provider, against the sandbox over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let sandbox: RunningSandbox;
const tmp = tempConfigDir();
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, balances: { sepsms: 18420, mesms: 777, thaibulksms: 4502 } });
});
afterAll(async () => {
  await sandbox.close();
  tmp.cleanup();
});

function env(provider: 'sepsms' | 'mesms' | 'thaibulksms', key?: string): Record<string, string> {
  const p = sandbox.info.providers;
  return provider === 'thaibulksms'
    ? { SMSCTL_PROVIDER: provider, SMSCTL_BASE_URL: p.thaibulksms.baseUrl, SMSCTL_API_KEY: key ?? p.thaibulksms.apiKey, SMSCTL_API_SECRET: p.thaibulksms.apiSecret }
    : { SMSCTL_PROVIDER: provider, SMSCTL_BASE_URL: p[provider].baseUrl, SMSCTL_API_KEY: key ?? p[provider].apiKey };
}

describe('balance', () => {
  it.each([
    ['sepsms', 18420],
    ['mesms', 777],
    ['thaibulksms', 4502],
  ] as const)('%s --json prints the number', async (provider, balance) => {
    const r = await runCli(['balance', '--json'], { configDir: tmp.dir, env: env(provider) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ provider, balance });
  });

  it('prints a human line without --json', async () => {
    const r = await runCli(['balance'], { configDir: tmp.dir, env: env('sepsms') });
    expect(r.stdout).toMatch(/^18,420 credits — SEPSMS/);
  });

  it('a SEPSMS key without the credit:read scope: exit 4 naming the scope', async () => {
    const r = await runCli(['balance'], { configDir: tmp.dir, env: env('sepsms', 'sk_sep_sandbox_readonly_00000000') });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/credit:read/);
  });
});

describe('profile test', () => {
  it('proves working keys (exit 0) and reports wrong ones (exit 4) without showing them', async () => {
    const base = sandbox.info.providers.mesms.baseUrl;
    const good = await runCli(['profile', 'add', 'good', '--provider', 'mesms', '--base-url', base], {
      configDir: tmp.dir,
      env: { SMSCTL_API_KEY: sandbox.info.providers.mesms.apiKey },
    });
    expect(good.code).toBe(0);
    await runCli(['profile', 'add', 'bad', '--provider', 'mesms', '--base-url', base], { configDir: tmp.dir, env: { SMSCTL_API_KEY: 'me_wrong_0123456789abcdef' } });
    const ok = await runCli(['profile', 'test', 'good'], { configDir: tmp.dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/OK: ME-SMS accepted the keys of good \(balance 777 credits\)/);
    const bad = await runCli(['profile', 'test', 'bad'], { configDir: tmp.dir });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/profile test bad/);
    expect(bad.stdout + bad.stderr).not.toContain('me_wrong_0123456789abcdef');
  });
});
