/**
 * What a user is told when a send fails halfway: exactly which recipients were sent and
 * which were not, and the documented exit code. A scripted provider stands in here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let server: TestServer;
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(async () => {
  server = await startTestServer();
  tmp = tempConfigDir();
});
afterEach(async () => {
  tmp.cleanup();
  await server.close();
});

const env = () => ({ SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_BASE_URL: server.url, SMSCTL_API_KEY: 'tbs_key_abcdef0123456789', SMSCTL_API_SECRET: 'tbs_secret_abcdef0123456789' });

function csvOf(count: number): string {
  const file = join(tmp.dir, 'list.csv');
  const rows = ['phone'];
  for (let i = 0; i < count; i++) rows.push(`09${String(20000000 + i)}`);
  writeFileSync(file, rows.join('\n'));
  return file;
}

const accepted = (numbers: string[]) => ({
  status: 201,
  body: { remaining_credit: 9000, total_use_credit: numbers.length, credit_type: 'standard', phone_number_list: numbers.map((n, i) => ({ number: n, message_id: `m${i}`, used_credit: 1 })), bad_phone_number_list: [] },
});

describe('a send that fails halfway', () => {
  it('second request answered 500: exit 8, the report marks exactly the 100 recipients of that request unknown', async () => {
    const numbers = Array.from({ length: 500 }, (_, i) => `669${String(20000000 + i)}`);
    server.reply(
      { expect: { method: 'GET', path: '/credit' }, body: { remaining_credit: 10000 } },
      { expect: { method: 'POST', path: '/sms' }, ...accepted(numbers) },
      { expect: { method: 'POST', path: '/sms' }, status: 500, body: { error: { code: 500, name: 'ERROR_SYSTEM_FAILURE', description: 'System Failure.' } } },
    );
    const report = join(tmp.dir, 'report.csv');
    const r = await runCli(['send', '--csv', csvOf(600), '-m', 'promo', '--concurrency', '1', '--report', report, '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(8);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.sent).toEqual({ requests: 1, recipients: 500 });
    expect(out.unknown).toEqual({ requests: 1, recipients: 100 });
    expect(out.unresolved).toEqual([expect.objectContaining({ request: 2, outcome: 'unknown', recipients: 100, rows: { first: 502, last: 601 } })]);
    expect(out.resume).toBe(`smsctl send --resume ${out.runId} --yes`);
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,phone,normalised_number,outcome,message_id,reason,run_id');
    expect(lines).toHaveLength(601);
    expect(lines[1]).toBe(`2,0920000000,66920000000,sent,m0,,${out.runId}`);
    expect(lines.filter((l) => l.includes(',unknown,'))).toHaveLength(100);
    expect(lines[501]).toMatch(/^502,0920000500,66920000500,unknown,,/);
    expect(r.stderr).toMatch(/OUTCOME UNKNOWN/);
    expect(r.stderr).not.toContain('tbs_secret_abcdef0123456789');
  });

  it('only unknown requests left: the hint offers --resend-unknown or runs close; a closed run blocks nothing and resumes nothing', async () => {
    const numbers = Array.from({ length: 500 }, (_, i) => `669${String(20000000 + i)}`);
    // Every run asks for the balance first.
    server.route({ method: 'GET', path: '/credit' }, () => ({ body: { remaining_credit: 10000 } }));
    server.reply(
      { expect: { method: 'POST', path: '/sms' }, ...accepted(numbers) },
      { expect: { method: 'POST', path: '/sms' }, status: 502, body: 'Bad Gateway' },
    );
    const args = ['send', '--csv', csvOf(600), '-m', 'promo', '--concurrency', '1', '--yes', '--json'];
    const first = await runCli(args, { configDir: tmp.dir, env: env() });
    expect(first.code).toBe(8);
    const id = JSON.parse(first.stdout).runId as string;
    expect(first.stderr).toContain(`--resend-unknown — or accept the run as it is: smsctl runs close ${id}`);
    // Unfinished, so the same command is refused (nothing more is requested of the server).
    expect((await runCli(args, { configDir: tmp.dir, env: env() })).code).toBe(2);
    const closed = await runCli(['runs', 'close', id, '--json'], { configDir: tmp.dir, env: env() });
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ ok: true, id, status: 'closed', left: { unknown: { requests: 1, recipients: 100 } } });
    const resumed = await runCli(['send', '--resume', id, '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(resumed.code).toBe(2);
    expect(JSON.parse(resumed.stdout).error.code).toBe('RUN_CLOSED');
    const list = JSON.parse((await runCli(['runs', 'list', '--json'], { configDir: tmp.dir, env: env() })).stdout);
    expect(list.runs).toEqual([expect.objectContaining({ id, status: 'closed' })]);
    expect(server.requests.filter((q) => q.method === 'POST')).toHaveLength(2);
  });

  it('the first request rejected for credit: exit 5, and nothing is reported as sent', async () => {
    server.reply(
      { expect: { method: 'GET', path: '/credit' }, body: { remaining_credit: { standard: 10000, corporate: 0 } } },
      { expect: { method: 'POST', path: '/sms' }, status: 400, body: { error: { code: 109, name: 'ERROR_INSUFFICIENT_CREDIT', description: 'Insufficient credit.' } } },
    );
    const r = await runCli(['send', '--csv', csvOf(3), '-m', 'promo', '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/Insufficient credit\./);
    expect(JSON.parse(r.stdout).sent).toEqual({ requests: 0, recipients: 0 });
  });
});
