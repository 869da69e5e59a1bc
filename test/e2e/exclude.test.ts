/**
 * Opt-outs end to end (issue 9), in process against the embedded sandbox: `send --exclude`,
 * the profile's default exclude file and `--no-default-exclude`, the per-row report, and
 * missing lists stopping the send before anything goes out.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/context.js';

let dir: string;
let configDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-exclude-e2e-'));
  configDir = join(dir, 'config');
  write('contacts.csv', 'name,phone\nAnan,0812345678\nBee,0898765432\nChai,0612345678\nAnan again,081-234-5678\nEk,0912345678\n');
  // Bee and Ek unsubscribed; the list is in other formats than the CSV, with one bad line.
  write('optout.txt', '66898765432\n+66 91 234 5678\nnot a number\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}
const cli = (...args: string[]) => run(args, { configDir, env: {} });
const send = (...args: string[]) => cli('--profile', 'sandbox', 'send', '--csv', join(dir, 'contacts.csv'), '-m', 'Sale today', ...args);

/** The numbers the sandbox provider received for every request of a send. */
async function received(profile: string, sendStdout: string): Promise<string[]> {
  const out: string[] = [];
  for (const ref of JSON.parse(sendStdout).references as string[]) {
    const r = await cli('--profile', profile, 'recipients', ref, '--json');
    expect(r.code).toBe(0);
    out.push(...(JSON.parse(r.stdout).recipients as { msisdn: string }[]).map((x) => x.msisdn));
  }
  return out.sort();
}

async function nothingSent(): Promise<void> {
  expect(JSON.parse((await cli('runs', 'list', '--json')).stdout).runs).toEqual([]);
  expect(JSON.parse((await cli('sandbox', 'inbox', '--json')).stdout).messages).toEqual([]);
}

describe('send --exclude', () => {
  it('a dry run counts the excluded numbers in the summary and in recipients.excluded, and warns about bad lines', async () => {
    const json = await send('--exclude', join(dir, 'optout.txt'), '--dry-run', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).recipients).toMatchObject({ total: 5, valid: 2, excluded: 2, duplicates: 1, invalid: 0 });
    expect(json.stderr).toContain(`warning: 1 line of ${join(dir, 'optout.txt')} is not a number and excludes nobody`);
    const human = await send('--exclude', join(dir, 'optout.txt'), '--dry-run');
    expect(human.stderr).toMatch(new RegExp(`Excluded +2 \\(opt-out lists: ${join(dir, 'optout.txt').replace(/[.\\/]/g, '\\$&')}\\)`));
    // Without an exclude list the summary is as before.
    const plain = await send('--dry-run', '--json');
    expect(JSON.parse(plain.stdout).recipients).toMatchObject({ valid: 4, excluded: 0 });
    expect(plain.stderr).not.toContain('Excluded');
  });

  it('a real send does not send to excluded numbers, and the report marks their rows excluded', async () => {
    const report = join(dir, 'report.csv');
    const r = await send('--exclude', join(dir, 'optout.txt'), '--exclude', write('more.csv', 'Mobile,why\n0612345678,asked us\n'), '--yes', '--json', '--report', report);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ recipients: { valid: 1, excluded: 3 }, sent: { recipients: 1 } });
    expect(await received('sandbox', r.stdout)).toEqual(['66812345678']);
    const rows = readFileSync(report, 'utf8').trim().split('\n').map((line) => line.split(','));
    const outcome = rows[0]!.indexOf('outcome');
    const reason = rows[0]!.indexOf('reason');
    expect(rows.slice(1).map((row) => [row[1], row[outcome]])).toEqual([
      ['Anan', 'sent'],
      ['Bee', 'excluded'],
      ['Chai', 'excluded'],
      ['Anan again', 'duplicate'],
      ['Ek', 'excluded'],
    ]);
    expect(rows[2]![reason]).toBe('on an exclude list');
    // The run records the count.
    const shown = JSON.parse((await cli('runs', 'show', out.runId, '--json')).stdout);
    expect(shown.plan).toMatchObject({ excluded: 3, valid: 1 });
  });

  it('a missing exclude file is exit 3 FILE_NOT_FOUND, and nothing is sent', async () => {
    const r = await send('--exclude', join(dir, 'gone.txt'), '--yes', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND', message: expect.stringContaining('gone.txt') } });
    await nothingSent();
  });

  it('--resume takes no exclude flags: a resumed run keeps its plan', async () => {
    const r = await cli('--profile', 'sandbox', 'send', '--resume', '--exclude', join(dir, 'optout.txt'), '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume continues a run exactly as it was planned; it takes no --exclude/);
    const r2 = await cli('--profile', 'sandbox', 'send', '--resume', '--no-default-exclude', '--yes');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/takes no --no-default-exclude/);
  });
});

describe("a profile's default exclude file", () => {
  it('is stored as an absolute path, shown, and applied by every send (with any --exclude)', async () => {
    const optout = join(dir, 'optout.txt');
    // Given relative to the working directory, stored absolute.
    expect((await cli('profile', 'add', 'shop', '--provider', 'mesms', '--sandbox', '--exclude-file', relative(process.cwd(), optout))).code).toBe(0);
    expect(JSON.parse((await cli('profile', 'show', 'shop', '--json')).stdout)).toMatchObject({ excludeFile: optout });
    expect((await cli('profile', 'show', 'shop')).stdout).toContain(`excludeFile: ${optout}`);

    const shopSend = (...args: string[]) => cli('--profile', 'shop', 'send', '--csv', join(dir, 'contacts.csv'), '-m', 'Sale today', ...args);
    const both = await shopSend('--exclude', write('more.txt', '0612345678\n'), '--dry-run', '--json');
    expect(JSON.parse(both.stdout).recipients).toMatchObject({ valid: 1, excluded: 3 });

    const real = await shopSend('--yes', '--json');
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout).recipients).toMatchObject({ valid: 2, excluded: 2 });
    expect(await received('shop', real.stdout)).toEqual(['66612345678', '66812345678']);
  });

  it('--no-default-exclude skips it with a warning on stderr', async () => {
    expect((await cli('profile', 'add', 'shop', '--provider', 'mesms', '--sandbox', '--exclude-file', join(dir, 'optout.txt'))).code).toBe(0);
    const r = await cli('--profile', 'shop', 'send', '--csv', join(dir, 'contacts.csv'), '-m', 'Sale today', '--no-default-exclude', '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).recipients).toMatchObject({ valid: 4, excluded: 0 });
    expect(r.stderr).toContain(`warning: --no-default-exclude: profile shop's opt-out list ${join(dir, 'optout.txt')} is NOT applied to this send`);
  });

  it('a default exclude file that is gone stops the send (exit 3, naming the profile and the file)', async () => {
    expect((await cli('profile', 'add', 'shop', '--provider', 'mesms', '--sandbox', '--exclude-file', join(dir, 'optout.txt'))).code).toBe(0);
    rmSync(join(dir, 'optout.txt'));
    const r = await cli('--profile', 'shop', 'send', '--csv', join(dir, 'contacts.csv'), '-m', 'Sale today', '--yes');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`profile shop's exclude file ${join(dir, 'optout.txt')} is missing; nothing sent`);
    await nothingSent();
  });

  it('profile add|edit check the file; edit sets and unsets it', async () => {
    const missing = await cli('profile', 'add', 'shop', '--provider', 'mesms', '--sandbox', '--exclude-file', join(dir, 'gone.txt'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/--exclude-file .*gone\.txt: no such file/);
    expect((await cli('profile', 'add', 'shop', '--provider', 'mesms', '--sandbox')).code).toBe(0);
    expect(JSON.parse((await cli('profile', 'show', 'shop', '--json')).stdout)).toMatchObject({ excludeFile: null });
    const edit = await cli('profile', 'edit', 'shop', '--exclude-file', join(dir, 'optout.txt'));
    expect(edit.code).toBe(0);
    expect(edit.stderr).toContain('exclude file');
    expect(JSON.parse((await cli('profile', 'show', 'shop', '--json')).stdout)).toMatchObject({ excludeFile: join(dir, 'optout.txt') });
    expect((await cli('profile', 'edit', 'shop', '--unset', 'exclude-file')).code).toBe(0);
    expect(JSON.parse((await cli('profile', 'show', 'shop', '--json')).stdout)).toMatchObject({ excludeFile: null });
  });
});
