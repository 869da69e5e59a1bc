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
import { startTestServer } from '../helpers/http-server.js';

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
    expect(no.stderr).toMatch(/Refund {6}1 credit\nNothing cancelled\.\n$/);
    expect(await statusOf(ref)).toBe('scheduled');
    // What is cancelled is shown before the question.
    expect(no.stdout).toBe('');
    const shown = `Scheduled message ${ref} (`;
    const yes = await run(['--profile', 'sandbox', 'cancel', ref], { configDir: tmp.dir, tty: true, answers: [true] });
    expect(yes.stderr).toContain(shown);
    expect(yes.stderr).toMatch(/^ {2}Sender {6}SMSCTL\n {2}Goes out {4}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00\n {2}Recipients {2}1 recipient\n {2}Refund {6}1 credit$/m);
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

  it('refuses with exit 3 and a plain sentence, before asking: already cancelled, not scheduled, unknown reference', async () => {
    const ref = await scheduled();
    expect((await run(['--profile', 'sandbox', 'cancel', ref, '--yes'], { configDir: tmp.dir })).code).toBe(0);
    const again = await run(['--profile', 'sandbox', 'cancel', ref], { configDir: tmp.dir, tty: true, env: { NO_COLOR: '1' } });
    expect(again.prompts).toEqual([]);
    expect([again.code, again.stderr]).toEqual([3, `smsctl: error: ${ref} is already cancelled; nothing to do\n`]);
    const now = await run(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'now', '--yes', '--json'], { configDir: tmp.dir });
    const sentRef = (JSON.parse(now.stdout) as { references: string[] }).references[0]!;
    const notScheduled = await run(['--profile', 'sandbox', 'cancel', sentRef, '--yes', '--json'], { configDir: tmp.dir });
    expect(notScheduled.code).toBe(3);
    expect(JSON.parse(notScheduled.stdout)).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'NOT_SCHEDULED', message: `${sentRef} was not scheduled: it went out when it was sent, so there is nothing to cancel` } });
    const unknown = await run(['--profile', 'sandbox', 'cancel', '00000000-0000-4000-8000-000000000000', '--yes'], { configDir: tmp.dir });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^smsctl: error: ME-SMS has no message 00000000-0000-4000-8000-000000000000: check the reference \(`smsctl messages` lists the account's messages\)$/m);
  });

  it("the provider's own refusal (it started going out between the check and the cancel) is the same plain sentence, exit 3", async () => {
    const server = await startTestServer();
    try {
      const uuid = '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73';
      server.route({ method: 'GET', path: `/sms/${uuid}` }, () => ({ body: { result: { uuid, status: 'scheduled', sender: 'SHOP', totalMsisdn: 2, totalCredit: 4, scheduledTime: '2026-12-24T10:00:00+07:00', drSummary: [] } } }));
      server.route({ method: 'POST', path: `/sms/${uuid}/cancel` }, () => ({ status: 409, body: { error: 'Message is already processing', code: 'ALREADY_PROCESSING' } }));
      const env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_API_KEY: 'k'.repeat(32), SMSCTL_BASE_URL: server.url };
      const r = await run(['cancel', uuid, '--yes'], { configDir: tmp.dir, env });
      expect(r.stderr).toMatch(/Goes out {4}2026-12-24 10:00:00 \+07:00\n {2}Recipients {2}2 recipients\n {2}Refund {6}4 credits/);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^smsctl: error: 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 has already started going out: ME-SMS can no longer cancel it$/m);
    } finally {
      await server.close();
    }
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
