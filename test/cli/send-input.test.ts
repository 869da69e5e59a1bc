/**
 * Send behaviours that need no terminal: CSV from stdin, Ctrl-C halfway, the machine-readable
 * error object. In-process against a sandbox on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

let sandbox: RunningSandbox;
let onSend: (body: string) => void = () => {};
let tmp: ReturnType<typeof tempConfigDir>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, onRequest: (r) => (r.method === 'POST' && r.path.endsWith('/sms/send') ? onSend(r.body) : undefined) });
});
afterAll(() => sandbox.close());
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => {
  onSend = () => {};
  tmp.cleanup();
});

const env = () => ({
  SMSCTL_PROVIDER: 'mesms',
  SMSCTL_BASE_URL: sandbox.info.providers.mesms.baseUrl,
  SMSCTL_API_KEY: sandbox.info.providers.mesms.apiKey,
  SMSCTL_SENDER: 'SHOP',
});

describe('send', () => {
  it('reads the CSV from stdin with --csv -, BOM and CRLF included', async () => {
    const bodies: string[] = [];
    onSend = (b) => bodies.push(b);
    const csv = '\uFEFFName,Mobile\r\nAnn,081-111-2222\r\nBen,"0812223333"\r\n';
    const r = await run(['send', '--csv', '-', '-m', 'Hi {{name}}', '--yes', '--json'], { configDir: tmp.dir, env: env(), stdin: csv });
    expect(r.code).toBe(0);
    expect(bodies.map((b) => JSON.parse(b)).map((b) => [b.content, b.msisdns])).toEqual([
      ['Hi Ann', ['66811112222']],
      ['Hi Ben', ['66812223333']],
    ]);
  });

  it('Ctrl-C during a send: the request on the wire finishes, the rest are not attempted, exit 130', async () => {
    const ctrlC = new AbortController();
    onSend = () => ctrlC.abort();
    const r = await run(['send', '--to', '0811111111', '--to', '0822222222', '-m', 'same text', '--batch-size', '1', '--concurrency', '1', '--yes', '--json'], {
      configDir: tmp.dir,
      env: env(),
      signal: ctrlC.signal,
    });
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout);
    expect(out.sent).toEqual({ requests: 1, recipients: 1 });
    expect(out.notSent).toEqual({ requests: 1, recipients: 1 });
    expect(out.error).toMatchObject({ kind: 'interrupted' });
    expect(out.resume).toBe(`smsctl send --resume ${out.runId} --yes`);
  });

  it('--batch-size over the provider limit is a usage error naming the flag', async () => {
    const r = await run(['send', '--to', '0811111111', '-m', 'x', '--batch-size', '2000001', '--yes'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--batch-size 2000001: ME-SMS takes at most 2,000,000/);
  });

  it('--json failures print one object with a stable error code on stdout', async () => {
    const r = await run(['send', '--csv', 'fixtures/contacts.csv', '-m', 'Hi {{nickname}}', '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'invalid', code: 'TEMPLATE_UNKNOWN_PLACEHOLDER' }) });
  });

  it('an Excel export in Windows-874 is refused with one line naming the row', async () => {
    const r = await run(['send', '--csv', 'fixtures/tis620.csv', '-m', 'x', '--yes'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not UTF-8 \(invalid text on row \d+\).*CSV UTF-8/);
  });

  it('the messy Excel fixture: invalid rows reported by row with reasons, the rest planned', async () => {
    const r = await run(['send', '--csv', 'fixtures/excel-messy.csv', '-m', 'x', '--dry-run', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.recipients).toMatchObject({ total: 20, valid: 14, duplicates: 1, droppedLeadingZero: 1 });
    expect(out.recipients.invalidRows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 6, reason: expect.stringMatching(/scientific notation/) }),
        expect.objectContaining({ row: 7, reason: expect.stringMatching(/landline/) }),
      ]),
    );
  });
});
