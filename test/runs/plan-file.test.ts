import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headLine, readPlanFile } from '../../src/runs/plan-file.js';
import type { BatchHead } from '../../src/send/plan.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'smsctl-plan-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const head = (index: number, count: number, text = `ข้อความ ${index}`): BatchHead => ({ index, text, count, parts: 1, encoding: 'UCS-2', credits: count });
const numbersOf = (from: number, count: number) => Array.from({ length: count }, (_, i) => `668${String(from + i).padStart(8, '0')}`);
const piecesOf = (items: string[], size: number) => {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size).join(','));
  return out;
};

/** Batches of these sizes, written as the run draft writes them (pieces of 1,000). */
async function planFile(sizes: number[]): Promise<{ path: string; numbers: string[][]; rows: string[][] }> {
  let text = '';
  let next = 0;
  const numbers: string[][] = [];
  const rows: string[][] = [];
  sizes.forEach((count, index) => {
    const n = numbersOf(next, count);
    const r = n.map((_, i) => String(next + i + 2));
    next += count;
    numbers.push(n);
    rows.push(r);
    const np = piecesOf(n, 1000);
    const rp = piecesOf(r, 1000);
    text += `${headLine(head(index, count), np, rp)}${np.join(',')}\n${rp.join(',')}\n`;
  });
  const path = join(dir, 'plan.ndjson');
  await writeFile(path, text);
  return { path, numbers, rows };
}

async function all(path: string, want: (i: number) => boolean = () => true, withRows = true) {
  const out = [];
  for await (const b of readPlanFile(path, want, withRows)) out.push(b);
  return out;
}

describe('the plan file', () => {
  it('reads every batch back as written: numbers, rows, Thai text, sizes from 1 to 300,000 (a line far larger than a read)', async () => {
    const { path, numbers, rows } = await planFile([1, 500, 300_000, 2, 499]);
    const batches = await all(path);
    expect(batches.map((b) => [b.index, b.count, b.text])).toEqual([0, 1, 2, 3, 4].map((i) => [i, numbers[i]!.length, `ข้อความ ${i}`]));
    batches.forEach((b, i) => {
      expect(b.msisdns).toBe(numbers[i]!.join(','));
      expect(b.rows).toBe(rows[i]!.join(','));
      expect(b).not.toHaveProperty('bytes');
    });
  });

  it('a send reads only the batches it wants, and no rows', async () => {
    const { path, numbers } = await planFile([3, 300_000, 4, 5]);
    const batches = await all(path, (i) => i === 1 || i === 3, false);
    expect(batches.map((b) => b.index)).toEqual([1, 3]);
    expect(batches[0]!.msisdns).toBe(numbers[1]!.join(','));
    expect(batches.every((b) => b.rows === '')).toBe(true);
  });

  it('reads a plan written before heads carried their lengths', async () => {
    const path = join(dir, 'old.ndjson');
    await writeFile(path, `${JSON.stringify(head(0, 2))}\n66812345678,66812345679\n2,3\n${JSON.stringify(head(1, 1))}\n66912345678\n4\n`);
    expect((await all(path)).map((b) => [b.index, b.msisdns, b.rows])).toEqual([
      [0, '66812345678,66812345679', '2,3'],
      [1, '66912345678', '4'],
    ]);
    expect((await all(path, (i) => i === 1, false)).map((b) => [b.index, b.rows])).toEqual([[1, '']]);
  });

  it('stops at a batch cut short instead of handing out part of its numbers', async () => {
    const { path } = await planFile([2, 3]);
    const text = (await import('node:fs')).readFileSync(path, 'utf8');
    await writeFile(path, text.slice(0, text.length - 10));
    expect((await all(path)).map((b) => b.index)).toEqual([0]);
  });
});
