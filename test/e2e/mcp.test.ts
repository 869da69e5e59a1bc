/**
 * `smsctl mcp` driven by the official SDK's own client over stdio, spawning the built CLI as
 * an MCP client (Claude Code, Claude Desktop, Gemini CLI) would: the tools and their
 * annotations, every tool against the sandbox, the whole OTP loop with no phone, sending
 * off by default, the caps, elicitation, and errors that leave the server answering.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';
import { startTestServer } from '../helpers/http-server.js';

let tmp: ReturnType<typeof tempConfigDir>;
let clients: Client[] = [];
beforeEach(() => (tmp = tempConfigDir()));
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  tmp.cleanup();
});

type Answer = 'accept' | 'decline';

async function connect(args: string[], opts: { env?: Record<string, string>; elicit?: Answer[] } = {}): Promise<Client & { elicited: string[]; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'bin', 'smsctl.js'), ...args],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, SMSCTL_CONFIG_DIR: tmp.dir, ...opts.env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'smsctl-test', version: '1.0.0' }, { capabilities: opts.elicit ? { elicitation: {} } : {} }) as Client & { elicited: string[]; stderr: () => string };
  client.elicited = [];
  // The server's log for a person, as an MCP client shows it.
  let log = '';
  transport.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  client.stderr = () => log;
  if (opts.elicit) {
    const answers = [...opts.elicit];
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      client.elicited.push(String(req.params.message));
      const a = answers.shift() ?? 'decline';
      return a === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
    });
  }
  await client.connect(transport);
  clients.push(client);
  return client;
}

const call = async (c: Client, name: string, args: Record<string, unknown> = {}) => (await c.callTool({ name, arguments: args })) as CallToolResult;
const data = (r: CallToolResult) => r.structuredContent as Record<string, any>;
const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
const cli = async (...args: string[]) => JSON.parse((await runCli([...args, '--json'], { configDir: tmp.dir })).stdout);
const balance = async () => (await cli('--profile', 'sandbox', 'balance')).balance as number;

describe('smsctl mcp', () => {
  it('lists every tool with its input schema and read-only / destructive annotations; sandbox_inbox on a sandbox profile', async () => {
    const c = await connect(['--profile', 'sandbox', 'mcp']);
    const { tools } = await c.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['balance', 'cancel_scheduled', 'list_runs', 'otp_send', 'otp_verify', 'preview_cost', 'recipients_summary', 'sandbox_inbox', 'send_sms', 'send_status']);
    for (const name of ['balance', 'preview_cost', 'send_status', 'recipients_summary', 'list_runs', 'sandbox_inbox']) expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    for (const name of ['send_sms', 'cancel_scheduled']) expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.send_sms!.inputSchema).toMatchObject({ type: 'object', required: ['message'], properties: { numbers: { type: 'array' }, csv: { type: 'string' }, schedule: { type: 'string' } } });
    expect(byName.otp_verify!.inputSchema.required).toEqual(['token', 'code']);
    // Schemas are enforced: a wrong type is an error, not a call.
    const bad = await call(c, 'recipients_summary', { ref: 'x', sample: 500 });
    expect(bad.isError).toBe(true);
  });

  it('without --allow-send: preview_cost and send_sms plan and send nothing (balance unchanged, no run)', async () => {
    const before = await balance();
    const c = await connect(['--profile', 'sandbox', 'mcp']);
    const b = await call(c, 'balance');
    expect(data(b)).toMatchObject({ ok: true, provider: 'mesms', profile: 'sandbox', balance: before });
    const preview = await call(c, 'preview_cost', { csv: 'fixtures/contacts.csv', message: 'สวัสดีคุณ{{name}}' });
    expect(data(preview)).toMatchObject({ ok: true, balanceSufficient: true, recipients: { total: 300, valid: 282, invalid: 8, duplicates: 10 }, parts: { encodings: ['UCS-2'] } });
    expect(text(preview)).toMatch(/^282 recipients \(8 invalid, 10 duplicates\)/);
    const send = await call(c, 'send_sms', { numbers: ['0812345678', '0898765432'], message: 'hello' });
    expect(send.isError).toBeFalsy();
    expect(data(send)).toMatchObject({ ok: true, dryRun: true, sent: false, sendingAllowed: false, credits: 2 });
    expect(text(send)).toMatch(/Nothing sent: sending is off .* `smsctl mcp --allow-send`/);
    const cancel = await call(c, 'cancel_scheduled', { ref: '00000000-0000-4000-8000-000000000000' });
    expect(cancel.isError).toBe(true);
    expect(data(cancel).error.code).toBe('MESSAGE_NOT_FOUND');
    expect(await balance()).toBe(before);
    expect((await cli('runs', 'list')).runs).toEqual([]);
  });

  it('a file path must be a file the user could name: a missing one is a tool error, and the server keeps answering', async () => {
    const c = await connect(['--profile', 'sandbox', 'mcp']);
    const r = await call(c, 'preview_cost', { csv: 'no/such.csv', message: 'x' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^CSV_NOT_FOUND: csv: no\/such\.csv is not a file/);
    const both = await call(c, 'preview_cost', { csv: 'fixtures/contacts.csv', numbers: ['0812345678'], message: 'x' });
    expect(text(both)).toMatch(/give either numbers or csv/);
    expect(data(await call(c, 'balance')).ok).toBe(true);
  });

  it('--allow-send: over the caps is refused with the figures before any request; within them it sends through a run that runs list shows', async () => {
    const before = await balance();
    const c = await connect(['--profile', 'sandbox', 'mcp', '--allow-send', '--max-recipients', '2']);
    const over = await call(c, 'send_sms', { numbers: ['0812345678', '0898765432', '0861234567'], message: 'hello' });
    expect(over.isError).toBe(true);
    expect(data(over)).toMatchObject({ ok: false, error: { code: 'OVER_LIMIT' }, recipients: { valid: 3 } });
    expect(text(over)).toMatch(/OVER_LIMIT: this send has 3 recipients, more than --max-recipients 2; nothing sent/);
    expect(await balance()).toBe(before);
    const sent = await call(c, 'send_sms', { numbers: ['0812345678', '0800000001'], message: 'hello from an agent' });
    expect(sent.isError, text(sent)).toBeFalsy();
    expect(data(sent)).toMatchObject({ ok: true, dryRun: false, sent: { recipients: 2, requests: 1 } });
    const runId = data(sent).runId as string;
    expect((await cli('runs', 'list')).runs.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect(await balance()).toBe(before - 2);
    const runs = await call(c, 'list_runs');
    expect(data(runs).runs[0]).toMatchObject({ id: runId, status: 'complete' });
    const status = await call(c, 'send_status', { ref: runId });
    expect(data(status)).toMatchObject({ ok: true, runId, total: 2 });
    const ref = data(sent).references[0] as string;
    await new Promise((r) => setTimeout(r, 1_800));
    const summary = await call(c, 'recipients_summary', { ref, status: 'failed', sample: 5 });
    expect(data(summary)).toMatchObject({ ok: true, total: 2, summary: { success: 1, failed: 1 }, sample: [{ msisdn: '66800000001', status: 'failed' }] });
    const ofRun = await call(c, 'recipients_summary', { ref: runId });
    expect(data(ofRun)).toEqual({ ok: true, reference: runId, total: 2, summary: { success: 1, failed: 1 } });
  });

  it('with a client that can ask: each real send and cancel is confirmed by the human with its figures; a no sends nothing', async () => {
    const before = await balance();
    const c = await connect(['--profile', 'sandbox', 'mcp', '--allow-send'], { elicit: ['decline', 'accept', 'accept'] });
    const no = await call(c, 'send_sms', { numbers: ['0812345678'], message: 'hi' });
    expect(no.isError).toBe(true);
    expect(data(no).error.code).toBe('NOT_CONFIRMED');
    expect(c.elicited[0]).toMatch(/^Send "hi" to 1 recipient for 1 credit \(mesms, profile sandbox\)\?$/);
    expect(await balance()).toBe(before);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const yes = await call(c, 'send_sms', { numbers: ['0812345678'], message: 'later', schedule: later });
    expect(data(yes)).toMatchObject({ ok: true, sent: { recipients: 1 } });
    const ref = data(yes).references[0] as string;
    const cancel = await call(c, 'cancel_scheduled', { ref });
    expect(c.elicited[2]).toMatch(new RegExp(`^Cancel the scheduled message ${ref}: 1 recipient, status scheduled, goes out `));
    expect(data(cancel)).toMatchObject({ ok: true, status: 'cancelled', refundedCredit: 1 });
    expect(await balance()).toBe(before);
  });

  it('in Thai (--lang th): the human is asked in Thai and the log line is Thai; the agent gets the same JSON as in English', async () => {
    const c = await connect(['--lang', 'th', '--profile', 'sandbox', 'mcp', '--allow-send'], { elicit: ['decline', 'accept', 'decline'] });
    const no = await call(c, 'send_sms', { numbers: ['0812345678'], message: 'hi' });
    expect(data(no).error.code).toBe('NOT_CONFIRMED');
    expect(c.elicited[0]).toBe('ส่ง "hi" ถึงผู้รับ 1 ราย ใช้ 1 เครดิต (mesms โปรไฟล์ sandbox) เลยไหม?');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const yes = await call(c, 'send_sms', { numbers: ['0812345678'], message: 'later', schedule: later });
    expect(data(yes)).toMatchObject({ ok: true, sent: { recipients: 1 } });
    // A time for a Thai reader: Buddhist Era year, Bangkok time.
    expect(c.elicited[1]).toMatch(/^ส่ง "later" ถึงผู้รับ 1 ราย ใช้ 1 เครดิต นัดส่ง \d{1,2} \S+ 25\d\d \d\d:\d\d น\. \(mesms โปรไฟล์ sandbox\) เลยไหม\?$/);
    const ref = data(yes).references[0] as string;
    const kept = await call(c, 'cancel_scheduled', { ref });
    expect(data(kept).error.code).toBe('NOT_CONFIRMED');
    expect(c.elicited[2]).toMatch(new RegExp(`^ยกเลิกข้อความที่ตั้งเวลาส่งไว้ ${ref}: ผู้รับ 1 ราย สถานะ scheduled จะส่งออก .+ น\\. เลยไหม\\?$`));
    expect(c.stderr()).toContain('smsctl MCP server ทำงานบน stdio — แซนด์บ็อกซ์ ME-SMS โปรไฟล์ sandbox เปิดให้ส่งได้: ครั้งละไม่เกิน 10 ราย และไม่เกิน 50 เครดิต');

    const english = await connect(['--profile', 'sandbox', 'mcp']);
    const thai = await connect(['--lang', 'th', '--profile', 'sandbox', 'mcp']);
    const withoutMessages = (d: unknown) => JSON.parse(JSON.stringify(d), (key, value: unknown) => (key === 'message' ? undefined : value));
    for (const [name, args] of [
      ['preview_cost', { numbers: ['0812345678', '0898765432', '12'], message: 'สวัสดี' }],
      ['list_runs', {}],
      ['send_status', { ref: 'nope' }],
    ] as const) {
      const [t, e] = [await call(thai, name, args), await call(english, name, args)];
      expect(t.isError, name).toBe(e.isError);
      expect(withoutMessages(data(t)), name).toEqual(withoutMessages(data(e)));
    }
  });

  it('the whole OTP loop on a SEPSMS sandbox profile: send, read the code from the inbox, verify; a reused code is OTP_NOT_VERIFIED', async () => {
    expect((await runCli(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox', '--sender', 'DEV'], { configDir: tmp.dir })).code).toBe(0);
    const c = await connect(['--profile', 'dev', 'mcp']);
    const sent = await call(c, 'otp_send', { number: '0812345678' });
    expect(sent.isError, text(sent)).toBeFalsy();
    const token = data(sent).token as string;
    const inbox = await call(c, 'sandbox_inbox', { msisdn: '0812345678', limit: 1 });
    const code = /\b(\d{4,8})\b/.exec(data(inbox).messages[0].text)?.[1];
    expect(code).toBeDefined();
    const ok = await call(c, 'otp_verify', { token, code });
    expect(data(ok)).toMatchObject({ ok: true, verified: true });
    const again = await call(c, 'otp_verify', { token, code });
    expect(again.isError).toBe(true);
    expect(data(again).error.code).toBe('OTP_NOT_VERIFIED');
  });

  it('an environment-only profile with a wrong key: a tool error with its code, no secret in it, and the server keeps answering', async () => {
    const provider = await startTestServer();
    try {
      provider.route({ path: /./ }, () => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Invalid API key' } } }));
      const key = 'sk_sep_0123456789abcdef0123';
      const c = await connect(['mcp'], { env: { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: key, SMSCTL_BASE_URL: provider.url } });
      const r = await call(c, 'balance');
      expect(r.isError).toBe(true);
      expect(data(r).error).toMatchObject({ kind: 'auth', code: 'PROVIDER_AUTH_FAILED' });
      expect(JSON.stringify(r)).not.toContain(key);
      expect((await c.listTools()).tools.map((t) => t.name)).not.toContain('sandbox_inbox');
      expect(data(await call(c, 'list_runs')).ok).toBe(true);
    } finally {
      await provider.close();
    }
  });
});

describe('send --max-recipients / --max-credits (the caps the MCP server relies on)', () => {
  it('refuse a send over either limit before anything is sent, exit 3, figures in the envelope', async () => {
    const r = await runCli(['--profile', 'sandbox', 'send', '--to', '0812345678,0898765432', '-m', 'x'.repeat(200), '--max-credits', '3', '--yes', '--json'], { configDir: tmp.dir });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, credits: 4, error: { code: 'OVER_LIMIT', message: 'this send costs 4 credits, more than --max-credits 3; nothing sent' } });
    expect((await cli('runs', 'list')).runs).toEqual([]);
    const ok = await runCli(['--profile', 'sandbox', 'send', '--to', '0812345678,0898765432', '-m', 'hi', '--max-recipients', '2', '--max-credits', '2', '--yes'], { configDir: tmp.dir });
    expect(ok.code, ok.stderr).toBe(0);
  });
});
