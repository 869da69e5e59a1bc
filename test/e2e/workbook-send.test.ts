/**
 * A list as Excel saves it, sent as it is: an .xlsx workbook reads like its CSV export, and
 * a run's report reads the run's own copy of its input the same way the send read it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/context.js';
import { ROOT } from '../helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-workbook-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => run(args, { configDir: dir });
const fixture = (f: string) => join(ROOT, 'fixtures', f);
const message = 'สวัสดีคุณ{{name}} แต้ม {{points}}';

describe('an Excel workbook', () => {
  it('plans exactly like its CSV export: same recipients, invalid rows and texts', async () => {
    const csv = JSON.parse((await cli(['--profile', 'sandbox', 'send', '--csv', fixture('contacts.csv'), '-m', message, '--dry-run', '--json'])).stdout);
    const xlsx = JSON.parse((await cli(['--profile', 'sandbox', 'send', '--csv', fixture('contacts.xlsx'), '-m', message, '--dry-run', '--json'])).stdout);
    expect(xlsx.ok).toBe(true);
    expect(xlsx.recipients).toEqual(csv.recipients);
    expect([xlsx.distinctTexts, xlsx.credits]).toEqual([csv.distinctTexts, csv.credits]);
  });

  it('is sent, and its report (read again from the run’s copy of the workbook) has one row per input row', async () => {
    const report = join(dir, 'report.csv');
    const r = await cli(['--profile', 'sandbox', 'send', '--csv', fixture('contacts.xlsx'), '-m', message, '--yes', '--report', report, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + out.recipients.total);
    expect(lines.filter((l) => l.includes(',sent,'))).toHaveLength(out.sent.recipients);
    // Later, from the journal alone.
    const again = join(dir, 'again.csv');
    expect((await cli(['runs', 'show', out.runId, '--report', again])).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(report, 'utf8'));
  });

  it('--sheet goes with a workbook only; an unknown sheet lists the sheets', async () => {
    const onCsv = await cli(['--profile', 'sandbox', 'send', '--csv', fixture('contacts.csv'), '--sheet', 'x', '-m', 'hi', '--dry-run']);
    expect(onCsv.code).toBe(2);
    expect(onCsv.stderr).toMatch(/--sheet goes with an Excel \.xlsx workbook/);
    const unknown = await cli(['--profile', 'sandbox', 'send', '--csv', fixture('contacts.xlsx'), '--sheet', 'nope', '-m', 'hi', '--dry-run']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/--sheet "nope": no such sheet; sheets: /);
  });
});

describe("a run's report reads its input as the send did", () => {
  it('a Windows-874 file with a forced delimiter: the report keeps the Thai names', async () => {
    const file = fixture('encodings/windows-874-semicolon.csv');
    const report = join(dir, 'report.csv');
    const r = await cli(['--profile', 'sandbox', 'send', '--csv', file, '--delimiter', 'semicolon', '--encoding', 'windows-874', '-m', 'hello', '--yes', '--report', report, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(report, 'utf8');
    expect(text).toMatch(/[\u0E00-\u0E7F]/);
    expect(text).not.toContain('\uFFFD');
  });
});
