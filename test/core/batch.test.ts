import { describe, expect, it } from 'vitest';
import { BatchPlanner, planBatches, type PlannedRecipient } from '../../src/core/batch.js';

const r = (n: number, text: string): PlannedRecipient => ({ msisdn: `668${String(n).padStart(8, '0')}`, row: n + 1, text });
const sizes = (batches: { msisdns: string[] }[]) => batches.map((b) => b.msisdns.length);

describe('planBatches', () => {
  it.each([
    [1, 500, [1]],
    [500, 500, [500]],
    [501, 500, [500, 1]],
    [1000, 500, [500, 500]],
    [1001, 500, [500, 500, 1]],
    [3, 1, [1, 1, 1]],
    [0, 500, []],
  ])('%i identical recipients, at most %i per request → %j', (count, max, expected) => {
    const batches = planBatches(Array.from({ length: count }, (_, i) => r(i, 'same')), max);
    expect(sizes(batches)).toEqual(expected);
    expect(batches.map((b) => b.index)).toEqual(expected.map((_, i) => i));
  });

  it('groups identical texts, in order of first appearance, keeping input order within a group', () => {
    const batches = planBatches([r(1, 'A'), r(2, 'B'), r(3, 'A'), r(4, 'C'), r(5, 'B'), r(6, 'A')], 2);
    expect(batches.map((b) => [b.index, b.text, b.rows])).toEqual([
      [0, 'A', [2, 4]],
      [1, 'A', [7]],
      [2, 'B', [3, 6]],
      [3, 'C', [5]],
    ]);
    expect(batches[0]?.msisdns).toEqual(['66800000001', '66800000003']);
  });

  it('texts differing only in whitespace or case are different messages', () => {
    expect(planBatches([r(1, 'Hi'), r(2, 'hi'), r(3, 'Hi ')], 10)).toHaveLength(3);
  });

  it('scales to many distinct texts', () => {
    const recipients = Array.from({ length: 100_000 }, (_, i) => r(i, `text ${i % 50_000}`));
    const batches = planBatches(recipients, 500);
    expect(batches).toHaveLength(50_000);
    expect(batches[49_999]?.rows).toEqual([50_000, 100_000]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %s recipients per request', (max) => {
    expect(() => new BatchPlanner(max)).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });

  it('refuses add() after finish()', () => {
    const planner = new BatchPlanner(2);
    planner.add(r(1, 'A'));
    expect(planner.finish()).toHaveLength(1);
    expect(() => planner.add(r(2, 'A'))).toThrow();
  });
});
