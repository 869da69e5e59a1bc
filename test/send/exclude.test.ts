/**
 * Opt-out lists (issue 9): the number set, how a file is read (CSV with a header or one
 * number per line), lines that are not numbers, missing files, and a 1,000,000-number list
 * in a few MB.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcludeBitmap, loadExcludes, looksLikeNumber } from '../../src/core/exclude.js';
import { SmsctlError } from '../../src/errors.js';
import { buildPlan } from '../../src/send/plan.js';
import { parseTemplate } from '../../src/core/template.js';
import { fromList } from '../../src/send/recipients.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-exclude-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function load(files: string[]) {
  const warnings: string[] = [];
  const set = await loadExcludes(files, { warn: (line) => warnings.push(line) });
  return { set, warnings };
}

describe('ExcludeBitmap', () => {
  it.each([
    ['chunk edges', ['66600000000', '66999999999', '66600065535', '66600065536']],
    ['neighbours', ['66812345677', '66812345678', '66812345679']],
    ['same national digits, other prefix', ['66612345678', '66812345678', '66912345678']],
  ])('%s', (_label, numbers) => {
    const set = new ExcludeBitmap();
    for (const m of numbers) set.add(m);
    set.seal();
    expect(set.size).toBe(numbers.length);
    for (const m of numbers) expect(set.has(m)).toBe(true);
    expect(set.has('66812345670')).toBe(false);
  });

  it('counts each number once and knows only canonical numbers', () => {
    const set = new ExcludeBitmap();
    expect(set.add('66812345678')).toBe(true);
    set.add('66812345678');
    expect(set.add('0812345678')).toBe(false);
    expect(set.size).toBe(1);
    for (const other of ['0812345678', '812345678', '', 'x', '668123456789', '6681234567a']) expect(set.has(other)).toBe(false);
  });

  it('agrees with a Set, sparse chunks and dense ones (bitmaps) alike', () => {
    const set = new ExcludeBitmap();
    const reference = new Set<string>();
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 100_000; i++) {
      // Half scattered over every prefix, half dense in one 10,000-number block (repeats included).
      const nsn = i % 2 ? `${'689'[rand() % 3]}${String(rand() % 100_000_000).padStart(8, '0')}` : String(812_340_000 + (rand() % 10_000));
      set.add(`66${nsn}`);
      reference.add(`66${nsn}`);
    }
    set.seal();
    expect(set.size).toBe(reference.size);
    let disagreements = 0;
    for (let i = 0; i < 100_000; i++) {
      const m = i % 2 ? `66${'689'[rand() % 3]}${String(rand() % 100_000_000).padStart(8, '0')}` : `66${812_330_000 + (rand() % 30_000)}`;
      if (set.has(m) !== reference.has(m)) disagreements++;
    }
    for (const m of reference) if (!set.has(m)) disagreements++;
    expect(disagreements).toBe(0);
  });
});

describe('reading exclude files', () => {
  it('one number per line, in any format the input accepts: no header needed', async () => {
    const { set, warnings } = await load([file('list.txt', '0812345678\n\n+66 89-876-5432\r\n66912345678\n812345670\n')]);
    expect(set.size).toBe(4);
    for (const m of ['66812345678', '66898765432', '66912345678', '66812345670']) expect(set.has(m)).toBe(true);
    expect(set.files[0]).toMatchObject({ format: 'list', numbers: 4, invalid: 0 });
    expect(warnings).toEqual([]);
  });

  it('a CSV with a header: the phone column is found as the send finds it (Thai names, ; delimiter, BOM)', async () => {
    const { set } = await load([
      file('a.csv', 'name,Mobile No.,note\nSomchai,081-234-5678,unsubscribed\nNok,0898765432,\n'),
      file('b.csv', '\uFEFFชื่อ;เบอร์โทร\r\nสมชาย;0612345678\r\n'),
    ]);
    expect(set.files.map((f) => f.format)).toEqual(['csv', 'csv']);
    expect(set.size).toBe(3);
    expect([set.has('66812345678'), set.has('66898765432'), set.has('66612345678'), set.has('66812345679')]).toEqual([true, true, true, false]);
  });

  it('a header-only "phone" column is a CSV, not a number', async () => {
    const { set } = await load([file('phone.csv', 'phone\n0812345678\n')]);
    expect(set.files[0]!.format).toBe('csv');
    expect(set.size).toBe(1);
  });

  it.each([
    ['0812345678', true],
    ['+66 81 234 5678', true],
    ['12345', true],
    ['6.68123E+10', true],
    ['phone', false],
    ['เบอร์', false],
  ])('first line %j is a number: %s', (line, expected) => {
    expect(looksLikeNumber(line)).toBe(expected);
  });

  it('lines that are not numbers are counted and warned about once per file, and exclude nobody', async () => {
    const { set, warnings } = await load([
      file('optout.csv', '0812345678\nabc\n02-123-4567\n\n0898765432\n6.68123E+10\n'),
      file('rows.csv', 'name,phone\nA,0612345678\nB,\nC,hello\n'),
    ]);
    expect(set.size).toBe(3);
    expect(set.files.map((f) => [f.numbers, f.invalid])).toEqual([[2, 3], [1, 2]]);
    expect(warnings).toEqual([
      `warning: 3 lines of ${join(dir, 'optout.csv')} are not numbers and exclude nobody`,
      `warning: 2 rows of ${join(dir, 'rows.csv')} have no valid number and exclude nobody`,
    ]);
  });

  it('several files make one set; an empty file excludes nobody without a warning', async () => {
    const { set, warnings } = await load([file('one.txt', '0812345678\n'), file('empty.txt', ''), file('two.txt', '0812345678\n0898765432\n')]);
    expect(set.size).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('a missing file is exit 3 FILE_NOT_FOUND, checked before any file is read', async () => {
    const error = await loadExcludes([file('ok.txt', '0812345678\n'), join(dir, 'gone.csv')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsctlError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'FILE_NOT_FOUND', exitCode: 3 });
    expect((error as Error).message).toContain('gone.csv');
    mkdirSync(join(dir, 'folder'), { recursive: true });
    await expect(loadExcludes([join(dir, 'folder')])).rejects.toMatchObject({ code: 'NOT_A_FILE', exitCode: 3 });
  });

  it('a CSV without a phone column names the file and its columns', async () => {
    await expect(loadExcludes([file('nophone.csv', 'name,email\nA,a@example.com\n')])).rejects.toMatchObject({
      code: 'PHONE_COLUMN_NOT_FOUND',
      message: expect.stringMatching(/nophone\.csv: no phone number column found; columns: "name", "email"/),
    });
  });
});

describe('buildPlan with an exclude set', () => {
  it('skips excluded numbers after normalising, before dedupe, and reports them as excluded', async () => {
    const exclude = new ExcludeBitmap();
    exclude.add('66898765432');
    const skipped: [number, string, string][] = [];
    const stats = await buildPlan(
      fromList(['0812345678,089-876-5432,0812345678,+66898765432,abc']),
      parseTemplate('hi'),
      { maxPerRequest: 100, providerName: 'ME-SMS', rowLabel: (r) => `#${r}`, exclude: exclude.seal() },
      { batch() {}, skipped: (row, outcome, reason) => void skipped.push([row, outcome, String(reason)]) },
    );
    expect(stats).toMatchObject({ rows: 5, valid: 1, excluded: 2, duplicates: 1 });
    expect(skipped).toEqual([
      [2, 'excluded', 'on an exclude list'],
      [3, 'duplicate', expect.any(String)],
      [4, 'excluded', 'on an exclude list'],
      [5, 'invalid', expect.any(String)],
    ]);
  });
});

describe('a 1,000,000-number exclude list', () => {
  const N = 1_000_000;
  let path: string;
  beforeAll(async () => {
    path = join(dir, 'million.txt');
    const out = createWriteStream(path);
    let chunk = '';
    // Distinct, scattered over 08x and 09x: i × 7919 mod 200,000,000 never repeats for i < N.
    for (let i = 0; i < N; i++) {
      chunk += `0${800_000_000 + ((i * 7919) % 200_000_000)}\n`;
      if (chunk.length > 1 << 16) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
  });

  it('loads with every number and costs a few MB, not a Set of strings', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // A first read warms the process up (young generation, stream buffers); what a loaded list
    // keeps is then what grows. A Set of the same strings grows RSS by ~70 MB here.
    // (In a function of its own: a suspended async frame would keep the first set alive.)
    const warmUp = async () => void expect((await loadExcludes([path])).size).toBe(N);
    await warmUp();
    gc();
    gc();
    const before = process.memoryUsage();
    const set = await loadExcludes([path]);
    gc();
    gc();
    const after = process.memoryUsage();
    expect(set.size).toBe(N);
    expect(set.files[0]).toMatchObject({ format: 'list', numbers: N, invalid: 0 });
    for (const i of [0, 1, 4242, 999_999]) expect(set.has(`66${800_000_000 + ((i * 7919) % 200_000_000)}`)).toBe(true);
    // 7919 × 1,000,000 wraps past 200,000,000 many times: these are between listed numbers.
    for (const m of ['66800000001', '66999999998', '66600000000']) expect(set.has(m)).toBe(false);
    const mb = (k: 'rss' | 'heapUsed' | 'arrayBuffers') => (after[k] - before[k]) / 2 ** 20;
    expect(mb('rss')).toBeLessThan(30);
    // The set itself: ~2 MB of 16-bit arrays for 1,000,000 scattered numbers.
    expect(mb('heapUsed') + mb('arrayBuffers')).toBeLessThan(10);
  });
});
