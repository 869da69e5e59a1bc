/**
 * preview-cost as a user meets it (the built CLI) on the sandbox of each provider: nothing
 * sent, and figures that the sandbox's own counting (what it charges, what its preview says)
 * confirms, never the client's own parts code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

let sandbox: RunningSandbox;
let tmp: ReturnType<typeof tempConfigDir>;
let seen: { method: string; path: string }[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, onRequest: (r) => seen.push({ method: r.method, path: r.path }) });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  tmp = tempConfigDir();
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  seen = [];
});
afterEach(() => tmp.cleanup());

type Provider = 'sepsms' | 'mesms' | 'thaibulksms';
function envFor(provider: Provider): Record<string, string> {
  const p = sandbox.info.providers;
  if (provider === 'thaibulksms') {
    return { SMSCTL_PROVIDER: provider, SMSCTL_BASE_URL: p.thaibulksms.baseUrl, SMSCTL_API_KEY: p.thaibulksms.apiKey, SMSCTL_API_SECRET: p.thaibulksms.apiSecret };
  }
  return { SMSCTL_PROVIDER: provider, SMSCTL_BASE_URL: p[provider].baseUrl, SMSCTL_API_KEY: p[provider].apiKey, SMSCTL_SENDER: 'SHOP' };
}
const cli = (provider: Provider, ...args: string[]) => runCli(args, { configDir: tmp.dir, env: envFor(provider) });
const doc = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, any>;

async function balance(provider: Provider): Promise<number> {
  const r = await cli(provider, 'balance', '--json');
  return doc(r).balance as number;
}

/**
 * GSM-7: 151 characters and the name. Names up to 9 characters fit one part (160), longer
 * ones take two; a duplicate, an invalid number and a Thai name (UCS-2: 3 parts) too.
 */
const LONG = `${'x'.repeat(150)} {{name}}`;
function personalisedCsv(): string {
  const file = join(tmp.dir, 'people.csv');
  writeFileSync(
    file,
    [
      'name,phone',
      'Ann,0811111111',
      'Bob,0822222222',
      'Christopher,0833333333', // 162 characters: 2 parts
      'Ann again,0811111111', // duplicate number
      'Dee,12345', // invalid
      'สมชาย,0844444444', // Thai: UCS-2, 156 units: 3 parts
      'Maximiliano,0855555555', // 162: 2 parts
    ].join('\n') + '\n',
  );
  return file;
}

describe('preview-cost on the sandbox', () => {
  it.each(['mesms', 'sepsms', 'thaibulksms'] as const)('%s: a personalised CSV — per-row parts, the costliest rows, and credits the sandbox then charges', async (provider) => {
    const file = personalisedCsv();
    const before = await balance(provider);
    const r = await cli(provider, 'preview-cost', '--csv', file, '-m', LONG, '--json');
    expect(r.code, r.stderr).toBe(0);
    const p = doc(r);
    expect(p).toMatchObject({
      ok: true,
      provider,
      source: { kind: 'csv', name: file },
      recipients: { total: 7, valid: 5, invalid: 1, duplicates: 1 },
      distinctTexts: 5,
      parts: { min: 1, max: 3 },
      credits: 1 + 1 + 2 + 3 + 2,
      balance: before,
      balanceSufficient: true,
    });
    expect(p.characters).toEqual({ min: 154, max: 162 });
    expect(p.costliestRows.map((x: { row: number; parts: number }) => [x.row, x.parts])).toEqual([[7, 3], [4, 2], [8, 2], [2, 1], [3, 1]]);
    expect(p.costliestRows[0]).toMatchObject({ msisdn: '66844444444', encoding: 'UCS-2', text: `${'x'.repeat(150)} สมชาย` });
    if (provider === 'mesms') {
      // Asked per distinct text, with that text's numbers: the sandbox's preview agrees.
      expect(p.providerPreview).toMatchObject({ asked: true, reason: null, requests: 5, totalMsisdn: 5, totalCredit: 9, parts: { min: 1, max: 3 }, agrees: true });
    } else {
      expect(p.providerPreview).toMatchObject({ asked: false, reason: expect.stringMatching(/publishes no cost preview/), agrees: null });
    }
    // Nothing sent, no credit used.
    expect(seen.filter((s) => s.method === 'POST' && !s.path.endsWith('/preview-cost'))).toEqual([]);
    expect(await balance(provider)).toBe(before);
    // The sandbox, counting with its own code, charges exactly the previewed credits.
    const sent = await cli(provider, 'send', '--csv', file, '-m', LONG, '--yes', '--json');
    expect(sent.code, sent.stderr).toBe(0);
    expect(before - (await balance(provider))).toBe(p.credits);
  });

  it('agrees with the summary send shows: the same recipients, texts, parts, credits and balance', async () => {
    const file = personalisedCsv();
    const preview = doc(await cli('mesms', 'preview-cost', '--csv', file, '-m', LONG, '--json'));
    const dry = doc(await cli('mesms', 'send', '--csv', file, '-m', LONG, '--dry-run', '--json'));
    for (const key of ['provider', 'sandbox', 'profile', 'recipients', 'distinctTexts', 'parts', 'credits', 'balance']) {
      expect({ key, value: preview[key] }).toEqual({ key, value: dry[key] });
    }
  });

  it('prints a readable preview on stdout: the figures side by side, the costliest rows, the invalid row', async () => {
    const r = await cli('mesms', 'preview-cost', '--csv', personalisedCsv(), '-m', LONG);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Cost preview — ME-SMS \(keys from the environment\): nothing sent, no credit used$/m);
    expect(r.stdout).toMatch(/^ {2}Credits +9$/m);
    expect(r.stdout).toMatch(/ME-SMS's own preview \(5 requests\) agrees:/);
    expect(r.stdout).toMatch(/Credits +9 +9$/m);
    expect(r.stdout).toMatch(/people\.csv row 7 +66844444444 +3 parts +156 characters/);
    expect(r.stdout).toMatch(/people\.csv row 6: "12345"/);
    expect(r.stderr).toBe('');
  });

  it('--group: ME-SMS counts the contact group; the text is costed locally; a placeholder or a second source is refused', async () => {
    const r = await cli('mesms', 'preview-cost', '--group', '1', '-m', 'สวัสดีครับ', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r)).toMatchObject({
      source: { kind: 'group', name: 'group 1' },
      recipients: { valid: 250 },
      parts: { min: 1, max: 1, encodings: ['UCS-2'] },
      credits: 250,
      providerPreview: { asked: true, totalMsisdn: 250, totalCredit: 250, agrees: true },
    });
    const unknown = await cli('mesms', 'preview-cost', '--group', '3', '-m', 'hi', '--json');
    expect(unknown.code).toBe(3);
    expect(doc(unknown).error.providerCode).toBe('CONTACT_GROUP_NOT_FOUND');
    const placeholder = await cli('mesms', 'preview-cost', '--group', '1', '-m', 'Hi {{name}}');
    expect(placeholder.code).toBe(3);
    expect(placeholder.stderr).toMatch(/--group has no columns to fill it from; use --csv/);
    const both = await cli('mesms', 'preview-cost', '--group', '1', '--to', '0812345678', '-m', 'hi');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give one of --to, --csv or --group/);
  });

  it('an insufficient balance is said, and shown in --json', async () => {
    await fetch(`${sandbox.url}/__sandbox/balance`, { method: 'POST', body: JSON.stringify({ provider: 'mesms', balance: 3 }), headers: { 'content-type': 'application/json' } });
    const r = await cli('mesms', 'preview-cost', '--csv', personalisedCsv(), '-m', LONG, '--json');
    expect(r.code).toBe(0);
    expect(doc(r)).toMatchObject({ balance: 3, balanceSufficient: false, credits: 9 });
    expect(r.stderr).toMatch(/warning: the balance \(3 credits\) is not enough: this send needs 9 credits/);
    const text = await cli('mesms', 'preview-cost', '--csv', personalisedCsv(), '-m', LONG);
    expect(text.stdout).toMatch(/Balance +3 \(not enough\)/);
  });

  it.each(['sepsms', 'thaibulksms'] as const)('%s: --group is not offered (exit 2, a sentence, what to use instead)', async (provider) => {
    const r = await cli(provider, 'preview-cost', '--group', '1', '-m', 'hi');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^smsctl: error: (SEPSMS|ThaiBulkSMS) does not offer `preview-cost --group` \(it publishes no API for it\): give the numbers with --csv FILE or --to NUMBERS\n$/);
  });
});

describe('preview-cost against a provider that counts otherwise', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it('shows both figures and warns that they disagree; the provider was asked with the exact numbers and text', async () => {
    server.route({ method: 'GET', path: '/sms/credit/balance' }, () => ({ body: { result: { balance: 500 } } }));
    const previews = server.route({ method: 'POST', path: '/sms/preview-cost' }, () => ({ body: { result: { parts: 2, encoding: 'GSM7', totalMsisdn: 2, totalCredit: 4 } } }));
    const env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: server.url, SMSCTL_API_KEY: 'me_test_key_0000000000' };
    const r = await runCli(['preview-cost', '--to', '0812345678,0898765432,0812345678', '-m', 'hello', '--json'], { configDir: tmp.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r)).toMatchObject({ credits: 2, providerPreview: { asked: true, totalCredit: 4, parts: { min: 2, max: 2 }, agrees: false } });
    expect(r.stderr).toMatch(/warning: ME-SMS's own preview disagrees with smsctl's count \(credits: smsctl 2, ME-SMS 4; parts: smsctl 1, ME-SMS 2\); ME-SMS charges by its own/);
    expect(previews.calls).toBe(1);
    const body = JSON.parse(server.requests.find((q) => q.path === '/sms/preview-cost')!.body);
    expect(body).toEqual({ content: 'hello', msisdns: ['66812345678', '66898765432'] });
    const text = await runCli(['preview-cost', '--to', '0812345678,0898765432', '-m', 'hello'], { configDir: tmp.dir, env });
    expect(text.stdout).toMatch(/ME-SMS's own preview disagrees:/);
    expect(text.stdout).toMatch(/Parts +1 +2$/m);
    expect(text.stdout).toMatch(/Credits +2 +4$/m);
  });

  it('a balance lookup that fails is said, not left out in silence', async () => {
    server.route({ method: 'GET', path: '/sms/credit/balance' }, () => ({ status: 503, body: { error: 'Service unavailable' } }));
    server.route({ method: 'POST', path: '/sms/preview-cost' }, () => ({ body: { result: { parts: 1, encoding: 'GSM7', totalMsisdn: 1, totalCredit: 1 } } }));
    const env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: server.url, SMSCTL_API_KEY: 'me_test_key_0000000000' };
    const r = await runCli(['preview-cost', '--to', '0812345678', '-m', 'hello', '--json'], { configDir: tmp.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r)).toMatchObject({ balance: null, balanceSufficient: null, warnings: ['ME-SMS did not answer the balance lookup: whether the balance is enough is unknown'] });
  });
});
