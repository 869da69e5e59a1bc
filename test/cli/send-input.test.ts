/**
 * Send behaviours that need no terminal: CSV from stdin, Ctrl-C halfway, the machine-readable
 * error object. In-process against a sandbox on 127.0.0.1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it("Thai Excel's Windows-874 CSV is read: the Thai names come through intact", async () => {
    const bodies: string[] = [];
    onSend = (b) => bodies.push(b);
    const r = await run(['send', '--csv', 'fixtures/tis620.csv', '-m', 'สวัสดี {{name}}', '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(0);
    expect(bodies.map((b) => JSON.parse(b).content)).toEqual(['สวัสดี Somchai', 'สวัสดี สมหญิง', 'สวัสดี มาลี']);
  });

  it('--encoding utf8 on it: exit 3 naming the byte offset and row, one line, nothing sent', async () => {
    let sent = 0;
    onSend = () => sent++;
    const r = await run(['send', '--csv', 'fixtures/tis620.csv', '-m', 'x', '--encoding', 'utf8', '--yes'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not UTF-8 \(--encoding utf8\): byte 0xCA at byte offset 32 \(row 3\)/);
    expect(sent).toBe(0);
  });

  it.each([
    ['Unicode Text (UTF-16 LE, TAB)', 'fixtures/encodings/utf16le.txt', []],
    ['UTF-16 BE', 'fixtures/encodings/utf16be.txt', []],
    ['Windows-874 with ;', 'fixtures/encodings/windows-874-semicolon.csv', []],
    ['UTF-16 LE, delimiter and encoding given', 'fixtures/encodings/utf16le.txt', ['--delimiter', 'tab', '--encoding', 'utf16le']],
  ])('%s: every number read, names intact', async (_label, file, flags) => {
    const r = await run(['send', '--csv', file, '-m', 'สวัสดี {{ชื่อ}}', '--dry-run', '--json', ...flags], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).recipients).toMatchObject({ total: 5, valid: 5, invalid: 0 });
  });

  it.each([
    ['--encoding', 'latin1', /--encoding latin1: use utf8, windows-874 or utf16le/],
    ['--delimiter', 'pipe', /--delimiter pipe: use tab, comma or semicolon/],
  ])('%s %s is a usage error', async (flag, value, message) => {
    const r = await run(['send', '--csv', 'fixtures/contacts.csv', '-m', 'x', flag, value, '--dry-run'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
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

describe('send: rows as Excel leaves them', () => {
  const file = (name: string, text: string | Buffer) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('a row lacking the used field, or with it empty, is invalid with row and reason; the summary counts them', async () => {
    const csv = file('ragged.csv', 'phone,name\r\n0811111111,Ann\r\n0822222222\r\n0833333333,\r\n0844444444,Ben,x,y\r\n0855555555,,\r\n');
    const json = await run(['send', '--csv', csv, '-m', 'Hello {{name}}, promo', '--dry-run', '--json'], { configDir: tmp.dir, env: env() });
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.recipients).toMatchObject({ total: 5, valid: 2, invalid: 3, invalidRowsOmitted: 0 });
    expect(out.recipients.invalidRows).toEqual([
      { row: 3, value: '0822222222', reason: 'no {{name}} field: the row has only 1 field (fewer than the header)' },
      { row: 4, value: '0833333333', reason: '{{name}} is empty (--allow-empty sends such rows)' },
      { row: 6, value: '0855555555', reason: '{{name}} is empty (--allow-empty sends such rows)' },
    ]);
    // Extra fields: one warning, whatever the count.
    expect(json.stderr.match(/more fields than the header/g)).toHaveLength(1);
    expect(json.stderr).toMatch(/warning: 2 rows of .*ragged\.csv have more fields than the header's 2 columns \(first: row 5\); the extra fields are ignored/);
    const human = await run(['send', '--csv', csv, '-m', 'Hello {{name}}, promo', '--dry-run'], { configDir: tmp.dir, env: env() });
    expect(human.stderr).toMatch(/2 rows have an empty \{\{name\}\}: left out \(--allow-empty sends them\)/);
    expect(human.stderr).toMatch(/1 row has no \{\{name\}\} field \(shorter than the header\): left out/);
  });

  it('--allow-empty sends a row whose used field is empty; "Hello , promo" only when asked for', async () => {
    const bodies: string[] = [];
    onSend = (b) => bodies.push(b);
    const csv = file('empty.csv', 'phone,name\n0811111111,Ann\n0822222222\n0833333333,\n');
    const r = await run(['send', '--csv', csv, '-m', 'Hello {{name}}, promo', '--allow-empty', '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(0);
    expect(bodies.map((b) => JSON.parse(b).content).sort()).toEqual(['Hello , promo', 'Hello Ann, promo']);
    expect(JSON.parse(r.stdout).recipients).toMatchObject({ valid: 2, invalid: 1 });
  });

  it('--json lists the first 1,000 invalid rows and counts the rest', async () => {
    const csv = file('many.csv', `phone\n0811111111\n${'021234567\n'.repeat(1200)}`);
    const r = await run(['send', '--csv', csv, '-m', 'x', '--dry-run', '--json'], { configDir: tmp.dir, env: env() });
    const out = JSON.parse(r.stdout).recipients;
    expect(out).toMatchObject({ total: 1201, valid: 1, invalid: 1200, invalidRowsOmitted: 200 });
    expect(out.invalidRows).toHaveLength(1000);
    expect(out.invalidRows[999]).toEqual({ row: 1002, value: '021234567', reason: 'landline number (cannot receive SMS)' });
  });

  it('a smsctl report fed back: only its failed and not_sent rows are planned, with their own columns', async () => {
    const report = file(
      'report.csv',
      'row,name,phone,normalised_number,outcome,message_id,reason,run_id\n' +
        '2,Ann,0811111111,66811111111,sent,m1,,20261201T093000-a1b2c3\n' +
        '3,Ben,0822222222,66822222222,failed,,timeout,20261201T093000-a1b2c3\n' +
        '4,Cat,0833333333,66833333333,unknown,,,20261201T093000-a1b2c3\n' +
        '5,Dan,0844444444,66844444444,not_sent,,,20261201T093000-a1b2c3\n',
    );
    const bodies: string[] = [];
    onSend = (b) => bodies.push(b);
    const r = await run(['send', '--csv', report, '-m', 'Hi {{name}}', '--yes', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(0);
    expect(bodies.map((b) => JSON.parse(b).content).sort()).toEqual(['Hi Ben', 'Hi Dan']);
    expect(r.stderr).toMatch(/This is a smsctl report: 2 rows already sent, of unknown outcome/);
  });

  it.each([
    ['a 0-byte file', '', 'CSV_EMPTY', /empty\.csv is empty: expected a header row/],
    ['a header only', 'phone,name\r\n', 'CSV_NO_ROWS', /empty\.csv has a header row but no data rows/],
    ['no phone column', 'name,email\nAnn,a@b.c\n', 'PHONE_COLUMN_NOT_FOUND', /no phone number column found; columns: "name", "email"/],
  ])('%s: exit 3 with a sentence that says so', async (_label, text, code, message) => {
    const csv = file('empty.csv', text);
    const r = await run(['send', '--csv', csv, '-m', 'x', '--dry-run', '--json'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});
