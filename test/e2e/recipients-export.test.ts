/**
 * `smsctl recipients` as a user meets it: the built CLI exporting a 200,000-recipient sandbox
 * message (rows and per-status counts against the sandbox's own summary), a run's messages in
 * one export, the formats, a bad reference (nothing written anywhere), a page that fails and is
 * asked again, one that keeps failing (how many rows, and the --after that continues), Ctrl-C,
 * and ThaiBulkSMS, which has no recipients API. A local HTTP server stands in for ME-SMS where
 * faults are needed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli, startCli, tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer, type CannedResponse, type TestServer } from '../helpers/http-server.js';
import { waitFor } from '../helpers/wait.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { configDir: tmp.dir, env, timeoutMs: 60_000 });

/** Counts per value of a CSV column (header skipped). */
function tally(csv: string, column: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of csv.split('\n').slice(1)) if (line) {
    const v = line.split(',')[column]!;
    out[v] = (out[v] ?? 0) + 1;
  }
  return out;
}

describe('a 200,000-recipient ME-SMS message from the sandbox', () => {
  let sandbox: RunningSandbox;
  afterEach(async () => sandbox?.close());

  it('exports every row; the rows and their statuses add up to the sandbox summary; no temporary file is left', async () => {
    sandbox = await startSandbox({ port: 0, deliveryDelayMs: 0, balances: { mesms: 1_000_000 } });
    const base = sandbox.info.providers.mesms.baseUrl;
    const headers = { 'x-api-key': SANDBOX_KEYS.mesms.apiKey, 'content-type': 'application/json' };
    const n = 200_000;
    // One number in 101 is a sandbox number that ends failed, invalid, blocked, expired or timeout.
    const msisdns = Array.from({ length: n }, (_, i) => (i % 101 === 0 ? `080000000${1 + ((i / 101) % 5)}` : `09${10_000_000 + i}`));
    const sent = (await (await fetch(`${base}/sms/send`, { method: 'POST', headers, body: JSON.stringify({ sender: 'BULK', content: 'Sale', msisdns }) })).json()) as { result: { uuid: string } };
    const uuid = sent.result.uuid as string;
    const message = ((await (await fetch(`${base}/sms/${uuid}`, { headers })).json()) as { result: { drSummary: { drStatus: string; count: number }[] } }).result;
    const summary = Object.fromEntries(message.drSummary.map((d) => [d.drStatus, d.count]));
    expect(Object.keys(summary).sort()).toEqual(['blocked', 'expired', 'failed', 'invalid', 'success', 'timeout']);

    const file = join(tmp.dir, 'report.csv');
    const env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: base, SMSCTL_API_KEY: SANDBOX_KEYS.mesms.apiKey };
    const r = await cli(['recipients', uuid, '--output', file, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, reference: uuid, output: file, format: 'csv', count: n, summary });
    expect(r.stderr).toContain(`Exported 200,000 recipients to ${file}.`);
    const csv = readFileSync(file, 'utf8');
    expect(csv.slice(0, 14)).toBe('msisdn,status\n');
    expect(csv.split('\n').length - 2).toBe(n);
    expect(tally(csv, 1)).toEqual(summary);
    expect(new Set(csv.split('\n').slice(1, -1).map((l) => l.split(',')[0])).size).toBe(n - Math.ceil(n / 101) + 5);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  }, 60_000);
});

/** ME-SMS as a test server: `total` recipients, 50 a page by cursor; `fault` answers some pages. */
function fakeMesms(server: TestServer, total: number, fault?: (after: number, nth: number) => CannedResponse | undefined) {
  const status = (i: number) => (i % 10 === 3 ? 'failed' : 'success');
  const failed = Array.from({ length: total }, (_, i) => i).filter((i) => status(i) === 'failed').length;
  const summary = [{ status: 'success', count: total - failed }, { status: 'failed', count: failed }];
  const tries = new Map<number, number>();
  server.route({ method: 'GET', path: '/sms/MSG1/recipients' }, (req) => {
    const after = Number(req.query.get('after'));
    const nth = (tries.get(after) ?? 0) + 1;
    tries.set(after, nth);
    const f = fault?.(after, nth);
    if (f) return f;
    const end = Math.min(total, after + Number(req.query.get('limit') ?? 50));
    const recipients = [];
    for (let i = after; i < end; i++) recipients.push({ id: i + 1, msisdn: `66${810_000_000 + i}`, status: status(i) });
    return { body: { result: { recipients, summary, nextCursor: end < total ? end : null, hasMore: end < total } } };
  });
  server.route({ method: 'GET', path: /^\/sms\/[^/]+\/recipients$/ }, () => ({ status: 404, body: { error: 'Message not found', code: 'NOT_FOUND' } }));
  const rows = Array.from({ length: total }, (_, i) => `66${810_000_000 + i},${status(i)}`);
  return { rows, tries };
}

describe('against a stand-in ME-SMS', () => {
  let server: TestServer;
  let env: Record<string, string>;
  beforeEach(async () => {
    server = await startTestServer();
    env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: server.url, SMSCTL_API_KEY: 'me_test_key_0000000000' };
  });
  afterEach(async () => server.close({ allowUnused: true }));

  it('csv when piped, and every other format; --json and --format json are the same document', async () => {
    const { rows } = fakeMesms(server, 120);
    const csv = await cli(['recipients', 'MSG1'], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(`msisdn,status\n${rows.join('\n')}\n`);
    expect(csv.stderr).toBe('');

    const nd = await cli(['recipients', 'MSG1', '--format', 'ndjson'], env);
    expect(nd.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(rows.map((r) => ({ msisdn: r.split(',')[0], status: r.split(',')[1] })));

    const json = await cli(['recipients', 'MSG1', '--json'], env);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ ok: true, reference: 'MSG1', count: 120, summary: { success: 108, failed: 12 } });
    expect(doc.recipients).toHaveLength(120);
    const asFormat = await cli(['recipients', 'MSG1', '--format', 'json'], env);
    expect(asFormat.stdout).toBe(json.stdout);

    const table = await run(['recipients', 'MSG1', '--limit', '3'], { configDir: tmp.dir, env, tty: true });
    expect(table.stdout).toBe('MSISDN       STATUS\n66810000000  success\n66810000001  success\n66810000002  success\n');

    const file = join(tmp.dir, 'out.ndjson');
    expect((await cli(['recipients', 'MSG1', '--output', file, '--status', 'failed'], env)).code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(120); // the stand-in ignores --status
    expect(server.bodies({ path: '/sms/MSG1/recipients' }).at(-1)!.query.get('status')).toBe('failed');

    expect((await cli(['recipients', 'MSG1', '--json', '--format', 'csv'], env)).code).toBe(2);
    expect((await cli(['recipients', 'MSG1', '--all', '--limit', '5'], env)).code).toBe(2);
  });

  it('a wrong reference writes nothing: not to stdout, and no --output file', async () => {
    fakeMesms(server, 10);
    const piped = await cli(['recipients', 'NOPE'], env);
    expect(piped.code).toBe(3);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toMatch(/^smsctl: error: ME-SMS found no such resource .*Message not found/);
    const file = join(tmp.dir, 'report.csv');
    const toFile = await cli(['recipients', 'NOPE', '--output', file], env);
    expect(toFile.code).toBe(3);
    expect(toFile.stdout).toBe('');
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('report') || f.startsWith('.report'))).toEqual([]);
  });

  it('a page that fails is asked again, and the export is whole', async () => {
    const { rows, tries } = fakeMesms(server, 500, (after, nth) => (after === 200 && nth === 1 ? { status: 500, body: { error: 'busy' } } : after === 350 && nth === 1 ? { destroy: true } : undefined));
    const r = await cli(['recipients', 'MSG1'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`msisdn,status\n${rows.join('\n')}\n`);
    expect([tries.get(200), tries.get(350)]).toEqual([2, 2]);
  });

  it('a page that keeps failing: how many rows were written, and --after continues after them (no header line)', async () => {
    let broken = true;
    const { rows } = fakeMesms(server, 500, (after) => (broken && after === 200 ? { status: 502, body: { error: 'bad gateway' } } : undefined));
    const r = await cli(['recipients', 'MSG1'], env);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe(`msisdn,status\n${rows.slice(0, 200).join('\n')}\n`);
    expect(r.stderr).toContain('wrote 200 of 500 recipients; continue with `smsctl recipients MSG1 --after 200`');
    broken = false;
    const rest = await cli(['recipients', 'MSG1', '--after', '200'], env);
    expect(rest.code).toBe(0);
    expect(r.stdout + rest.stdout).toBe(`msisdn,status\n${rows.join('\n')}\n`);

    broken = true;
    const file = join(tmp.dir, 'report.csv');
    const toFile = await cli(['recipients', 'MSG1', '--output', file], env);
    expect(toFile.code).toBe(7);
    expect(toFile.stderr).toMatch(/200 of 500 recipients were exported, but .*report\.csv was not written/);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('report'))).toEqual([]);
  }, 30_000);

  it('Ctrl-C stops at once: exit 130, the rows written so far, and the --after that continues', async () => {
    fakeMesms(server, 500, (after) => (after === 300 ? { hang: true } : undefined));
    const p = startCli(['recipients', 'MSG1', '--format', 'ndjson'], { configDir: tmp.dir, env });
    // Asked for once the page before it has answered (one page ahead), and never answered.
    await waitFor(() => server.bodies({ path: '/sms/MSG1/recipients' }).some((b) => b.query.get('after') === '300'), { what: 'the request of the page after 300' });
    p.child.kill('SIGINT');
    const { code } = await p.exited;
    expect(code).toBe(130);
    expect(p.stdout().trim().split('\n')).toHaveLength(300);
    expect(p.stderr()).toContain('stopped by SIGINT: wrote 300 of 500 recipients; continue with `smsctl recipients MSG1 --after 300 --format ndjson`');
  });

  it('kill -9 halfway through --output FILE leaves FILE as it was; the next export removes the dead one\'s .part', async () => {
    let hang = true;
    fakeMesms(server, 500, (after) => (hang && after === 300 ? { hang: true } : undefined));
    const file = join(tmp.dir, 'killed.csv');
    const p = startCli(['recipients', 'MSG1', '--output', file], { configDir: tmp.dir, env });
    await waitFor(() => server.bodies({ path: '/sms/MSG1/recipients' }).some((b) => b.query.get('after') === '300'), { what: 'the request of the page after 300' });
    p.child.kill('SIGKILL');
    await p.exited;
    const parts = () => readdirSync(tmp.dir).filter((f) => f.startsWith('.killed.csv.') && f.endsWith('.part'));
    expect(parts()).toHaveLength(1);
    expect(readdirSync(tmp.dir)).not.toContain('killed.csv');
    hang = false;
    const again = await cli(['recipients', 'MSG1', '--output', file], env);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(502);
    expect(parts()).toEqual([]);
  });

  it('progress on a terminal\'s stderr while the rows go to a file', async () => {
    fakeMesms(server, 120);
    const file = join(tmp.dir, 'out.csv');
    const r = await run(['recipients', 'MSG1', '--output', file], { configDir: tmp.dir, env, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Exporting 50 of 120 recipients \(41%\)/);
    expect(r.stderr).toContain(`Exported 120 recipients to ${file}.`);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(122);
  });
});

describe('a run id', () => {
  it('exports every message the run sent, with a reference column; --after REFERENCE:CURSOR continues from one of them', async () => {
    const csvFile = join(tmp.dir, 'list.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csvFile, `name,phone\n${Array.from({ length: 6 }, (_, i) => `N${i % 3},08123450${String(i).padStart(2, '0')}`).join('\n')}\n`);
    const sent = await cli(['--profile', 'sandbox', 'send', '--csv', csvFile, '-m', 'Hi {{name}}', '--yes', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { runId, references } = JSON.parse(sent.stdout) as { runId: string; references: string[] };
    expect(references).toHaveLength(3);
    const r = await cli(['recipients', runId]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('msisdn,status,reference');
    expect(lines).toHaveLength(7);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[2]))).toEqual(new Set(references));
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `668123450${String(i).padStart(2, '0')}`));

    const rest = await cli(['recipients', runId, '--after', `${references[1]}:0`, '--format', 'ndjson']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout.trim().split('\n').map((l) => JSON.parse(l).reference)).toEqual(lines.slice(1).map((l) => l.split(',')[2]).filter((ref) => ref !== references[0]));
    expect((await cli(['recipients', runId, '--after', '0'])).code).toBe(2);
  });
});

describe('ThaiBulkSMS, which publishes no recipients API', () => {
  it('says so and what to use instead (exit 2), for a reference and for a run', async () => {
    expect((await cli(['profile', 'add', 'tbs', '--provider', 'thaibulksms', '--sandbox'])).code).toBe(0);
    const ref = await cli(['--profile', 'tbs', 'recipients', 'abc']);
    expect(ref.code).toBe(2);
    expect(ref.stdout).toBe('');
    expect(ref.stderr).toMatch(/^smsctl: error: ThaiBulkSMS publishes no per-recipient status API.*smsctl runs show RUN --report FILE/);
    const sent = await cli(['--profile', 'tbs', 'send', '--to', '0812345678', '-m', 'hi', '--yes', '--json']);
    const { runId } = JSON.parse(sent.stdout) as { runId: string };
    const forRun = await cli(['recipients', runId, '--json']);
    expect(forRun.code).toBe(2);
    expect(JSON.parse(forRun.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_OFFERED' } });
    expect(forRun.stderr).toContain(`smsctl runs show ${runId} --report FILE`);
    expect(existsSync(join(tmp.dir, 'report.csv'))).toBe(false);
  });
});
