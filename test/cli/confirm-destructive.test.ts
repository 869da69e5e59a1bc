/**
 * Destructive commands ask on a terminal and need --yes without one: `profile remove` and
 * `cancel`. No terminal and no --yes: exit 2 CONFIRMATION_REQUIRED, nothing done; "no": a
 * plain "Nothing removed." / "Nothing cancelled.", exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

const KEY = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

const stored = () => JSON.parse(readFileSync(join(tmp.dir, 'config.json'), 'utf8')) as { defaultProfile?: string; profiles: Record<string, unknown> };

describe('profile remove', () => {
  beforeEach(async () => {
    expect((await run(['profile', 'add', 'shop', '--provider', 'sepsms', '--sender', 'SHOP'], { configDir: tmp.dir, env: { SMSCTL_API_KEY: KEY } })).code).toBe(0);
  });

  it('without a terminal and without --yes: exit 2 CONFIRMATION_REQUIRED, the profile and its keys stay', async () => {
    const r = await run(['profile', 'remove', 'shop'], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^smsctl: error: refusing to remove profile shop without confirmation: no terminal to ask on; pass --yes$/m);
    expect(stored().profiles.shop).toMatchObject({ apiKey: KEY });
    expect(stored().defaultProfile).toBe('shop');
  });

  it('on a terminal, "no": a plain "Nothing removed." exit 2, the profile stays', async () => {
    const r = await run(['profile', 'remove', 'shop'], { configDir: tmp.dir, tty: true, answers: [false] });
    expect(r.prompts).toEqual(['Remove profile shop (SEPSMS, the default profile) and its keys?']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Nothing removed.\n');
    expect(stored().profiles.shop).toBeDefined();
  });

  it('on a terminal, "yes": removed, and told it was the default', async () => {
    const r = await run(['profile', 'remove', 'shop'], { configDir: tmp.dir, tty: true, answers: [true] });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Removed profile shop\. It was the default/);
    expect(stored().profiles.shop).toBeUndefined();
    expect(stored().defaultProfile).toBeUndefined();
  });

  it('--yes removes without asking, terminal or not', async () => {
    const r = await run(['profile', 'rm', 'shop', '--yes'], { configDir: tmp.dir, tty: true });
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual([]);
    expect(stored().profiles.shop).toBeUndefined();
  });

  it('an unknown or built-in profile is refused before any question', async () => {
    expect((await run(['profile', 'remove', 'nope'], { configDir: tmp.dir, tty: true })).stderr).toMatch(/no profile named "nope"/);
    const builtIn = await run(['profile', 'remove', 'sandbox'], { configDir: tmp.dir, tty: true });
    expect(builtIn.code).toBe(2);
    expect(builtIn.prompts).toEqual([]);
  });
});

describe('cancel', () => {
  async function scheduled(): Promise<string> {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const r = await run(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'later', '--schedule', later, '--yes', '--json'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { references: string[] }).references[0]!;
  }
  const statusOf = async (ref: string) => JSON.parse((await run(['--profile', 'sandbox', 'status', ref, '--json'], { configDir: tmp.dir })).stdout).messages[0].status as string;

  it('without a terminal and without --yes: exit 2 CONFIRMATION_REQUIRED (in the JSON envelope too), nothing cancelled', async () => {
    const ref = await scheduled();
    const r = await run(['--profile', 'sandbox', 'cancel', ref], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to cancel .* without confirmation: no terminal to ask on; pass --yes/);
    const j = await run(['--profile', 'sandbox', 'cancel', ref, '--json'], { configDir: tmp.dir });
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { kind: 'usage', code: 'CONFIRMATION_REQUIRED' } });
    expect(await statusOf(ref)).toBe('scheduled');
  });

  it('on a terminal, "no": a plain "Nothing cancelled." exit 2; "yes": cancelled', async () => {
    const ref = await scheduled();
    const no = await run(['--profile', 'sandbox', 'cancel', ref], { configDir: tmp.dir, tty: true, answers: [false] });
    expect(no.prompts).toEqual([`Cancel scheduled message ${ref} (ME-SMS)?`]);
    expect(no.code).toBe(2);
    expect(no.stderr).toBe('Nothing cancelled.\n');
    expect(await statusOf(ref)).toBe('scheduled');
    const yes = await run(['--profile', 'sandbox', 'cancel', ref], { configDir: tmp.dir, tty: true, answers: [true] });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^Cancelled /);
    expect(await statusOf(ref)).toBe('cancelled');
  });

  it('--yes cancels without asking', async () => {
    const ref = await scheduled();
    const r = await run(['--profile', 'sandbox', 'cancel', ref, '--yes', '--json'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, status: 'cancelled' });
  });

  it('a provider without cancel says so before asking anything', async () => {
    const r = await run(['cancel', 'abc'], {
      configDir: tmp.dir,
      tty: true,
      env: { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_API_KEY: 'k'.repeat(20), SMSCTL_API_SECRET: 's'.repeat(20) },
    });
    expect(r.code).toBe(2);
    expect(r.prompts).toEqual([]);
    expect(r.stderr).toMatch(/ThaiBulkSMS does not offer `cancel`/);
  });
});
