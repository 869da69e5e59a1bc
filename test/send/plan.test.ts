import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/core/template.js';
import { OPEN_TEXTS, buildPlan, type PlannedBatch } from '../../src/send/plan.js';
import type { RawRecipient } from '../../src/send/recipients.js';

const phone = (n: number) => `08${String(n).padStart(8, '0')}`;
const r = (n: number, text: string): RawRecipient => ({ row: n + 1, phone: phone(n), values: { t: text } });

async function plan(recipients: RawRecipient[], max: number) {
  const batches: PlannedBatch[] = [];
  const skipped: [number, string][] = [];
  const stats = await buildPlan(recipients, parseTemplate('{{t}}'), { maxPerRequest: max, providerName: 'Test', rowLabel: (row) => `row ${row}` }, {
    batch: (head, numbers, rows) => void batches.push({ ...head, msisdns: numbers.join(','), rows: rows.join(',') }),
    skipped: (row, outcome) => void skipped.push([row, outcome]),
  });
  return { stats, batches, skipped };
}

describe('buildPlan', () => {
  it.each([
    [1, 500, [1]],
    [500, 500, [500]],
    [501, 500, [500, 1]],
    [1000, 500, [500, 500]],
    [1001, 500, [500, 500, 1]],
    [3, 1, [1, 1, 1]],
    [0, 500, []],
  ])('%i identical recipients, at most %i per request → %j', async (count, max, expected) => {
    const { batches, stats } = await plan(Array.from({ length: count }, (_, i) => r(i, 'same')), max);
    expect(batches.map((b) => b.count)).toEqual(expected);
    expect(batches.map((b) => b.index)).toEqual(expected.map((_, i) => i));
    expect(stats.batches).toBe(expected.length);
    expect(stats.distinctTexts).toBe(count ? 1 : 0);
  });

  it('groups identical texts: a full request is planned at once, the rest in order of first appearance', async () => {
    const { batches } = await plan([r(1, 'A'), r(2, 'B'), r(3, 'A'), r(4, 'C'), r(5, 'B'), r(6, 'A')], 2);
    expect(batches.map((b) => [b.index, b.text, b.rows])).toEqual([
      [0, 'A', '2,4'],
      [1, 'B', '3,6'],
      [2, 'A', '7'],
      [3, 'C', '5'],
    ]);
    expect(batches[0]?.msisdns).toBe('66800000001,66800000003');
  });

  it('texts differing only in whitespace or case are different messages', async () => {
    expect((await plan([r(1, 'Hi'), r(2, 'hi'), r(3, 'Hi ')], 10)).batches).toHaveLength(3);
  });

  it(`a text that comes back after ${OPEN_TEXTS} other texts opened goes in a request of its own`, async () => {
    const list = [r(0, 'first'), ...Array.from({ length: OPEN_TEXTS }, (_, i) => r(i + 1, `text ${i}`)), r(OPEN_TEXTS + 1, 'first')];
    const { batches } = await plan(list, 500);
    expect(batches.filter((b) => b.text === 'first').map((b) => b.rows)).toEqual(['1', String(OPEN_TEXTS + 2)]);
    expect(batches).toHaveLength(OPEN_TEXTS + 2);
  });

  it('invalid rows and repeated numbers are reported to the sink and not planned', async () => {
    const list = [r(1, 'A'), { row: 3, phone: '021234567', values: { t: 'A' } }, { row: 4, phone: phone(1), values: { t: 'A' } }];
    const { batches, skipped, stats } = await plan(list, 10);
    expect(skipped).toEqual([[3, 'invalid'], [4, 'duplicate']]);
    expect(batches.map((b) => b.count)).toEqual([1]);
    expect(stats).toMatchObject({ rows: 3, valid: 1, duplicates: 1, maxRow: 4 });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %s recipients per request', async (max) => {
    await expect(plan([r(1, 'A')], max)).rejects.toMatchObject({ kind: 'invalid', code: 'INVALID_BATCH_SIZE' });
  });
});
