/**
 * A profile's webhook signing secret: asked for only when wanted, from a masked prompt,
 * SMSCTL_WEBHOOK_SECRET or the --secrets-stdin line after the keys; on sandbox profiles too;
 * never shown unmasked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/context.js';

const SECRET = 'whsec_profile_test_1234567890';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-whsec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stored = (name: string) => (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles[name]!;

describe('profile add --webhook-secret', () => {
  it('prompts for it masked on a terminal, after the API key', async () => {
    const r = await run(['profile', 'add', 'shop', '--provider', 'sepsms', '--webhook-secret'], { configDir: dir, tty: true, answers: ['sk_sep_abcdefghijklmnop', SECRET] });
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual(['API key:', 'Webhook secret:']);
    expect(stored('shop')).toMatchObject({ apiKey: 'sk_sep_abcdefghijklmnop', webhookSecret: SECRET });
    const show = await run(['profile', 'show', 'shop', '--json'], { configDir: dir });
    const shown = JSON.parse(show.stdout) as Record<string, unknown>;
    expect(shown.webhookSecret).toMatch(/^whsec_profile_test_.{1,4}…/);
    expect(show.stdout).not.toContain(SECRET);
    expect((await run(['profile', 'show', 'shop'], { configDir: dir })).stdout).toMatch(/webhookSecret: whsec_profile_test_/);
  });

  it('reads the line after the keys with --secrets-stdin; a sandbox profile reads it from line 1', async () => {
    const tbs = await run(['profile', 'add', 'tbs', '--provider', 'thaibulksms', '--secrets-stdin', '--webhook-secret'], { configDir: dir, stdin: `key1\nsecret1\n\n\n${SECRET}\n` });
    expect(tbs.code).toBe(0);
    expect(stored('tbs')).toMatchObject({ apiKey: 'key1', apiSecret: 'secret1', webhookSecret: SECRET });
    expect(stored('tbs').otpKey).toBeUndefined();
    const sb = await run(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox', '--secrets-stdin', '--webhook-secret'], { configDir: dir, stdin: `${SECRET}\n` });
    expect(sb.code).toBe(0);
    expect(stored('dev')).toMatchObject({ sandbox: true, webhookSecret: SECRET });
    expect(stored('dev').apiKey).toBeUndefined();
  });

  it('without a terminal: SMSCTL_WEBHOOK_SECRET, or exit 2 naming it; without the flag it is never asked for', async () => {
    const none = await run(['profile', 'add', 'dev', '--provider', 'mesms', '--sandbox', '--webhook-secret'], { configDir: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set SMSCTL_WEBHOOK_SECRET/);
    const env = await run(['profile', 'add', 'dev', '--provider', 'mesms', '--sandbox', '--webhook-secret'], { configDir: dir, env: { SMSCTL_WEBHOOK_SECRET: SECRET } });
    expect(env.code).toBe(0);
    expect(stored('dev').webhookSecret).toBe(SECRET);
    const plain = await run(['profile', 'add', 'plain', '--provider', 'sepsms', '--sandbox'], { configDir: dir, env: { SMSCTL_WEBHOOK_SECRET: SECRET } });
    expect(plain.code).toBe(0);
    expect(stored('plain').webhookSecret).toBeUndefined();
  });

  it('a value given to it is refused without being echoed', async () => {
    const r = await run(['profile', 'add', 'x', '--provider', 'sepsms', `--webhook-secret=${SECRET}`], { configDir: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(SECRET);
  });
});

describe('profile edit --set-key / --unset webhook-secret', () => {
  it('sets and clears it, on a sandbox profile too, keeping everything else', async () => {
    expect((await run(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox', '--sender', 'DEV'], { configDir: dir })).code).toBe(0);
    const set = await run(['profile', 'edit', 'dev', '--set-key', 'webhook-secret'], { configDir: dir, tty: true, answers: [SECRET] });
    expect(set.code).toBe(0);
    expect(set.prompts).toEqual(['New webhook secret:']);
    expect(set.stderr).toMatch(/Updated profile dev \(SEPSMS\): new webhook secret\./);
    expect(stored('dev')).toMatchObject({ sender: 'DEV', sandbox: true, webhookSecret: SECRET });
    const unset = await run(['profile', 'edit', 'dev', '--unset', 'webhook-secret'], { configDir: dir });
    expect(unset.code).toBe(0);
    expect(unset.stderr).toMatch(/webhook secret cleared/);
    expect(stored('dev').webhookSecret).toBeUndefined();
    // The sandbox's API keys stay the sandbox's.
    const key = await run(['profile', 'edit', 'dev', '--set-key', 'api-key'], { configDir: dir, tty: true, answers: ['k'] });
    expect(key.code).toBe(2);
  });
});
