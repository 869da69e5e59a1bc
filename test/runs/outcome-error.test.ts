/**
 * How a pass over a run ends, in words: the partial-send sentence counts recipients in both
 * languages ("1 recipient has", not "1 recipient have").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../src/i18n/index.js';
import { outcomeError } from '../../src/runs/execute-run.js';
import type { RunTally } from '../../src/runs/store.js';

const tally = (unknown: number): RunTally => ({
  sent: { requests: 1, recipients: 5 },
  failed: { requests: 0, recipients: 0 },
  unknown: { requests: 1, recipients: unknown },
  notSent: { requests: 0, recipients: 0 },
  rejectedByProvider: 0,
});
const signal = new AbortController().signal;

afterEach(() => useLanguage('en'));

describe('outcomeError', () => {
  it.each([
    [1, 'partial send: 1 recipient has an unknown outcome'],
    [1500, 'partial send: 1,500 recipients have an unknown outcome'],
  ])('%i unknown: %j (exit 8)', (n, message) => {
    const error = outcomeError(tally(n), {}, signal)!;
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(8);
  });

  it('in Thai', async () => {
    await useLanguage('th');
    expect(outcomeError(tally(1500), {}, signal)!.message).toBe('ส่งได้บางส่วน: ผู้รับ 1,500 รายไม่ทราบผล');
  });
});
