/**
 * ThaiBulkSMS's own send options (--credit-type → `force`, --shorten-urls → `shorten_url`,
 * --tag → `tag`): what reaches the form, how the summary and the balance check change, the
 * documented errors as plain sentences with their exit codes (from the sandbox), and exit 2
 * on the providers without them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => {
  tmp = tempConfigDir();
});
afterEach(() => tmp.cleanup());

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { configDir: tmp.dir, env });
const tbProfile = async (...flags: string[]) => expect((await cli(['profile', 'add', 'tb', '--provider', 'thaibulksms', '--sandbox', ...flags])).code).toBe(0);

describe('ThaiBulkSMS send options on the wire', () => {
  let tbs: TestServer;
  beforeEach(async () => {
    tbs = await startTestServer();
    tbs.route({ method: 'GET', path: '/credit' }, () => ({ body: { remaining_credit: { standard: 10, corporate: 1000 } } }));
    tbs.route({ method: 'POST', path: '/sms' }, (req) => {
      const form = new URLSearchParams(req.body);
      return { status: 201, body: { phone_number_list: form.get('msisdn')!.split(',').map((n, i) => ({ number: n, message_id: `m${i}` })), bad_phone_number_list: [], total_use_credit: 1 } };
    });
  });
  afterEach(() => tbs.close());
  const env = () => ({ SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_API_KEY: 'tbs_key_options_test', SMSCTL_API_SECRET: 'tbs_secret_options_test', SMSCTL_BASE_URL: tbs.url });

  it('sends force, shorten_url and tag; checks the balance of the credit type charged; a resumed run keeps them', async () => {
    const r = await cli(['send', '--to', '0812345678', '-m', 'see https://example.com/a', '--credit-type', 'corporate', '--shorten-urls', '--tag', 'spring-sale', '--yes'], env());
    expect(r.code, r.stderr).toBe(0);
    const form = new URLSearchParams(tbs.bodies({ path: '/sms' })[0]!.body);
    expect([form.get('force'), form.get('shorten_url'), form.get('tag')]).toEqual(['corporate', 'true', 'spring-sale']);
    expect(r.stderr).toMatch(/Balance\s+1,000 corporate/);
    expect(r.stderr).toMatch(/credit estimate assumes the text as written/);
    const runs = join(tmp.dir, 'runs');
    const header = JSON.parse(readFileSync(join(runs, readdirSync(runs)[0]!, 'run.json'), 'utf8'));
    expect(header.options).toEqual({ thaibulksms: { creditType: 'corporate', shortenUrls: true, tag: 'spring-sale' } });
  });

  it('no flags, no fields: the dashboard decides', async () => {
    expect((await cli(['send', '--to', '0812345678', '-m', 'hi', '--yes'], env())).code).toBe(0);
    const form = new URLSearchParams(tbs.bodies({ path: '/sms' })[0]!.body);
    expect(['force', 'shorten_url', 'tag'].filter((k) => form.has(k))).toEqual([]);
  });

  it('standard credit too low for the send: exit 5 before any request, though corporate has plenty', async () => {
    const r = await cli(['send', '--to', Array.from({ length: 11 }, (_, i) => `08123456${String(i).padStart(2, '0')}`).join(','), '-m', 'hi', '--credit-type', 'standard', '--yes'], env());
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/balance is 10; nothing sent/);
    expect(tbs.bodies({ path: '/sms' })).toHaveLength(0);
  });
});

describe('ThaiBulkSMS send options against the sandbox', () => {
  it('the profile default credit type is charged; --credit-type overrides it; --json shows the options', async () => {
    await tbProfile('--credit-type', 'corporate');
    // The sandbox's corporate balance starts at 0.
    const refused = await cli(['--profile', 'tb', 'send', '--to', '0812345678', '-m', 'hi', '--yes']);
    expect(refused.code).toBe(5);
    const dry = await cli(['--profile', 'tb', 'send', '--to', '0812345678', '-m', 'hi', '--credit-type', 'standard', '--tag', 'promo', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ balance: 100_000, options: { thaibulksms: { creditType: 'standard', tag: 'promo' } } });
    expect(JSON.parse((await cli(['profile', 'show', 'tb', '--json'])).stdout).creditType).toBe('corporate');
    expect((await cli(['profile', 'edit', 'tb', '--unset', 'credit-type'])).code).toBe(0);
    expect(JSON.parse((await cli(['profile', 'show', 'tb', '--json'])).stdout).creditType).toBeNull();
    expect((await cli(['--profile', 'tb', 'send', '--to', '0812345678', '-m', 'hi', '--yes'])).code).toBe(0);
  });

  it.each([
    ['another spelling of an existing tag', ['--tag', 'Promo'], 2, /the --tag clashes with a tag that already exists .*ERROR_TAGS_EXIST/],
    ['a sender the account does not have', ['--sender', 'UNKNOWN'], 3, /sender name is not registered on this account.*ERROR_SENDER_NOT_FOUND/],
    ['a trial account', ['--to', '0800000006'], 4, /a trial account can send only to the phone number it registered with.*ERROR_USER_TRIAL/],
  ])('%s: a plain sentence and its exit code', async (_name, flags, code, message) => {
    await tbProfile();
    const to = flags.includes('--to') ? [] : ['--to', '0812345678'];
    const r = await cli(['--profile', 'tb', 'send', ...to, '-m', 'hi', ...flags, '--yes']);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('bad values are exit 2 before anything is sent', async () => {
    await tbProfile();
    for (const [flags, message] of [
      [['--credit-type', 'gold'], /--credit-type gold: expected standard or corporate/],
      [['--tag', 'x'.repeat(51)], /--tag: 51 characters; ThaiBulkSMS takes tags of at most 50/],
      [['--tag', 'a,b'], /--tag "a,b": one tag/],
    ] as const) {
      const r = await cli(['--profile', 'tb', 'send', '--to', '0812345678', '-m', 'hi', ...flags, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSafe(join(tmp.dir, 'runs'))).toEqual([]);
  });

  it('other providers: exit 2 naming ThaiBulkSMS; profile add refuses a credit type too', async () => {
    for (const flags of [['--tag', 'x'], ['--credit-type', 'standard'], ['--shorten-urls']]) {
      const r = await cli(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hi', ...flags, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ME-SMS takes no .* \(only ThaiBulkSMS does\)/);
    }
    const add = await cli(['profile', 'add', 'sep', '--provider', 'sepsms', '--sandbox', '--credit-type', 'corporate']);
    expect(add.code).toBe(2);
    expect(add.stderr).toMatch(/--credit-type: SEPSMS takes no choice of credit type \(only ThaiBulkSMS does\)/);
  });

  it('balance shows both credit types', async () => {
    await tbProfile();
    const r = await cli(['--profile', 'tb', 'balance', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ byType: { standard: 100_000, corporate: 0 } });
  });
});

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
