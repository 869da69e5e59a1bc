/**
 * `messages`, `senders` and send's sender check, as a user meets them (the built CLI), on the
 * ME-SMS sandbox; and the providers that offer neither saying so.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

let sandbox: RunningSandbox;
let tmp: ReturnType<typeof tempConfigDir>;
let sends: string[] = [];
let senderLists = 0;
beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    deliveryDelayMs: 0,
    onRequest: (r) => {
      if (r.method === 'POST' && /\/(send|sms)$/.test(r.path)) sends.push(r.path);
      if (r.path.endsWith('/senders')) senderLists++;
    },
  });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  tmp = tempConfigDir();
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  sends = [];
  senderLists = 0;
});
afterEach(() => tmp.cleanup());

const me = () => sandbox.info.providers.mesms;
const meEnv = (sender = 'SHOP') => ({ SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: me().baseUrl, SMSCTL_API_KEY: me().apiKey, SMSCTL_SENDER: sender });
const cli = (args: string[], env: Record<string, string> = meEnv()) => runCli(args, { configDir: tmp.dir, env });
const doc = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, any>;

/** Straight to the sandbox, as another client of the account would. */
async function meSend(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${me().baseUrl}/sms/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': me().apiKey },
    body: JSON.stringify({ sender: 'SHOP', msisdns: ['0812345678'], content: 'hello', ...body }),
  });
  return ((await res.json()) as { result: { uuid: string } }).result.uuid;
}

describe('messages', () => {
  it('--all walks every page (over 100 messages), newest first; the default shows 20; --limit walks as far as it needs', async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 105; i++) uuids.push(await meSend({ content: `message ${i}` }));
    const all = await cli(['messages', '--all', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const listed = doc(all);
    expect(listed.total).toBe(105);
    expect(listed.messages.map((m: { reference: string }) => m.reference)).toEqual([...uuids].reverse());
    expect(listed.messages[0]).toMatchObject({ content: 'message 104', sender: 'SHOP', totalMsisdn: 1, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(doc(await cli(['messages', '--json'])).messages).toHaveLength(20);
    expect(doc(await cli(['messages', '--limit', '101', '--json'])).messages).toHaveLength(101);
    const table = await cli(['messages', '--limit', '3']);
    expect(table.stdout.split('\n')[0]).toMatch(/^CREATED +REFERENCE +STATUS +SENDER +RECIPIENTS +MESSAGE$/);
    expect(table.stdout).toContain(uuids[104]);
    expect(table.stderr).toBe('3 of 105 messages (--limit N or --all for more)\n');
  });

  it('filters by status, sender, search and a time window (ISO or Bangkok local)', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await meSend({ scheduledTime: later, content: 'later' });
    const other = await meSend({ sender: 'SANDBOX', content: 'Big sale today' });
    await meSend({ content: 'plain' });
    const refs = async (...args: string[]) => {
      const r = await cli(['messages', ...args, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return doc(r).messages.map((m: { reference: string }) => m.reference);
    };
    expect(await refs('--status', 'scheduled')).toEqual([scheduled]);
    expect(await refs('--sender', 'SANDBOX')).toEqual([other]);
    expect(await refs('--search', 'big sale')).toEqual([other]);
    expect(await refs('--from', '2000-01-01', '--to', '2000-12-31')).toEqual([]);
    expect(await refs('--from', '2000-01-01 10:00')).toHaveLength(3);
    expect(await refs('--to', new Date(Date.now() + 60_000).toISOString())).toHaveLength(3);
    const sched = doc(await cli(['messages', '--status', 'scheduled', '--json'])).messages[0];
    expect(sched.scheduledAt).toBe(later);
  });

  it('on a terminal: Bangkok times, and a scheduled message with its time', async () => {
    await meSend({ scheduledTime: '2099-06-01T10:00:00+07:00', content: 'far later' });
    const r = await run(['messages'], { configDir: tmp.dir, env: meEnv(), tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00 +[0-9a-f-]{36} +scheduled 2099-06-01 10:00:00 \+07:00 +SHOP +1 +far later$/m);
  });

  it.each([
    [['--status', 'done'], /--status: expected one of sent, failed, pending, scheduled, cancelled, got "done"/],
    [['--from', 'yesterday'], /--from "yesterday": expected ISO 8601 or Bangkok time/],
    [['--to', '2026-13-01'], /--to "2026-13-01"/],
    [['--limit', '5', '--all'], /give either --limit or --all, not both/],
    [['--from', '2026-12-02', '--to', '2026-12-01'], /--from is after --to/],
  ])('refuses %j before asking the provider (exit 2)', async (args, message) => {
    const r = await cli(['messages', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('senders', () => {
  it('lists the sender names and their status, as a table and as JSON', async () => {
    const r = await cli(['senders']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME +STATUS\nSANDBOX +approved\n/);
    expect(r.stdout).toMatch(/^PENDING +pending$/m);
    expect(r.stdout).toMatch(/^REJECTED +rejected$/m);
    expect(r.stderr).toMatch(/^6 senders on ME-SMS, 4 approved: only approved senders can send \(profile \(environment\) sends as SHOP\)$/m);
    const json = doc(await cli(['senders', '--json']));
    expect(json.senders).toContainEqual({ name: 'PENDING', status: 'pending' });
  });
});

describe('send checks the sender against the provider before anything is sent', () => {
  it.each([
    ['PENDING', /sender "PENDING" is pending on ME-SMS, not approved: nothing sent\. Approved senders: SANDBOX, ME-SMS, SMSCTL, SHOP/],
    ['REJECTED', /sender "REJECTED" is rejected on ME-SMS, not approved/],
    ['NOBODY', /sender "NOBODY" is not one of the ME-SMS account's senders: nothing sent\. Approved senders: SANDBOX/],
  ])('%s: exit 3 SENDER_NOT_APPROVED, for a send and for a dry run; nothing sent', async (sender, message) => {
    for (const extra of [['--yes'], ['--dry-run']]) {
      const r = await cli(['send', '--to', '0812345678', '-m', 'hello', ...extra, '--json'], meEnv(sender));
      expect(r.code).toBe(3);
      expect(doc(r).error).toMatchObject({ code: 'SENDER_NOT_APPROVED', message: expect.stringMatching(message) });
      expect(r.stderr).toMatch(message);
    }
    expect(sends).toEqual([]);
    expect(doc(await cli(['messages', '--json'])).total).toBe(0);
  });

  it('an approved sender sends; a provider without a sender list is not asked', async () => {
    const ok = await cli(['send', '--to', '0812345678', '-m', 'hello', '--yes', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(senderLists).toBe(1);
    const sep = sandbox.info.providers.sepsms;
    const r = await cli(['send', '--to', '0812345678', '-m', 'hello', '--yes'], { SMSCTL_PROVIDER: 'sepsms', SMSCTL_BASE_URL: sep.baseUrl, SMSCTL_API_KEY: sep.apiKey, SMSCTL_SENDER: 'ANYTHING' });
    expect(r.code, r.stderr).toBe(0);
    expect(senderLists).toBe(1);
  });
});

describe('a sender list that cannot be fetched', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it('is a warning, and the send goes on', async () => {
    server.route({ method: 'GET', path: '/sms/credit/balance' }, () => ({ body: { result: { balance: 500 } } }));
    const list = server.route({ method: 'GET', path: '/senders' }, () => ({ status: 500, body: { error: 'boom' } }));
    const env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: server.url, SMSCTL_API_KEY: 'me_test_key_0000000000', SMSCTL_SENDER: 'SHOP' };
    const r = await runCli(['send', '--to', '0812345678', '-m', 'hello', '--dry-run'], { configDir: tmp.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: could not check sender "SHOP" against ME-SMS's sender list \(.+\); going on without the check$/m);
    expect(r.stderr).toMatch(/Dry run: nothing sent\./);
    // Asked once: a failure only means the check is skipped, so it is not retried.
    expect(list.calls).toBe(1);
  });
});

describe('providers that offer neither messages nor senders', () => {
  const envs = () => ({
    SEPSMS: { SMSCTL_PROVIDER: 'sepsms', SMSCTL_BASE_URL: sandbox.info.providers.sepsms.baseUrl, SMSCTL_API_KEY: sandbox.info.providers.sepsms.apiKey },
    ThaiBulkSMS: {
      SMSCTL_PROVIDER: 'thaibulksms',
      SMSCTL_BASE_URL: sandbox.info.providers.thaibulksms.baseUrl,
      SMSCTL_API_KEY: sandbox.info.providers.thaibulksms.apiKey,
      SMSCTL_API_SECRET: sandbox.info.providers.thaibulksms.apiSecret,
    },
  });
  it.each(['SEPSMS', 'ThaiBulkSMS'] as const)('%s: exit 2 with a sentence and what to use instead, never an HTTP 404', async (name) => {
    const env = envs()[name];
    const messages = await cli(['messages'], env);
    expect(messages.code).toBe(2);
    expect(messages.stdout).toBe('');
    expect(messages.stderr).toBe(`smsctl: error: ${name} does not offer \`messages\` (it publishes no API for it): use \`smsctl runs list\` for the sends made from this machine, and \`smsctl status RUN\` for their delivery\n`);
    const senders = await cli(['senders', '--json'], env);
    expect(senders.code).toBe(2);
    expect(doc(senders)).toMatchObject({ ok: false, error: { kind: 'usage', code: 'NOT_OFFERED', message: expect.stringContaining(`see the sender names in ${name}'s web dashboard`) } });
    const local = await cli(['preview-cost', '--to', '0812345678', '-m', 'hello'], env);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toMatch(new RegExp(`${name} preview +not asked: ${name} publishes no cost preview: these are smsctl's own figures`));
  });
});
