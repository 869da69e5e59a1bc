import { describe, expect, it } from 'vitest';
import { Deduper } from '../../src/core/dedupe.js';

describe('Deduper', () => {
  it.each([
    ['mobile', ['66812345678', '66812345678'], [true, false], 1],
    ['neighbouring bits', ['66812345678', '66812345679', '66812345677'], [true, true, true], 3],
    ['same last digits, other prefix', ['66612345678', '66812345678', '66912345678'], [true, true, true], 3],
    ['page edges', ['66600000000', '66999999999', '66600999999', '66601000000', '66999999999'], [true, true, true, true, false], 4],
    ['fallback for non-mobiles', ['6621234567', '6621234567', 'x'], [true, false, true], 2],
    ['fallback does not collide with bitmap', ['66812345678', '0812345678', '66812345678'], [true, true, false], 2],
  ])('%s', (_label, inputs, results, size) => {
    const d = new Deduper();
    expect(inputs.map((m) => d.add(m))).toEqual(results);
    expect(d.size).toBe(size);
  });

  it('agrees with a Set over 200,000 random mobiles', () => {
    const d = new Deduper();
    const set = new Set<string>();
    let seed = 42;
    let disagreements = 0;
    for (let i = 0; i < 200_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const m = `66${'689'[seed % 3]}${String(seed % 20_000).padStart(8, '0')}`;
      if (d.add(m) === set.has(m)) disagreements++;
      set.add(m);
    }
    expect(disagreements).toBe(0);
    expect(d.size).toBe(set.size);
    expect(set.size).toBeLessThan(200_000); // the sample really contains duplicates
  });

  it('addNsn(812345678) is add("66812345678"): either way round, any 9-digit national number', () => {
    const d = new Deduper();
    expect(d.addNsn(812345678)).toBe(true);
    expect(d.add('66812345678')).toBe(false);
    expect(d.add('66141234567')).toBe(true);
    expect(d.addNsn(141234567)).toBe(false);
    // Not 9 digits: kept apart, as strings, as add() keeps them.
    expect(d.addNsn(12345)).toBe(true);
    expect(d.add('6612345')).toBe(false);
    expect(d.size).toBe(3);
  });
});
