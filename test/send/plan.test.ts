import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/core/csv.js';
import { countParts } from '../../src/core/parts.js';
import { isMobileNsn, normalizePhone } from '../../src/core/phone.js';
import { parseTemplate, resolvePlaceholders } from '../../src/core/template.js';
import { INVALID_ROWS_KEPT, OPEN_TEXTS, OpenTexts, PartsCounter, buildPlan, type PlanSink, type PlannedBatch } from '../../src/send/plan.js';
import { fromCsv, plainNsnOf, type RawRecipient } from '../../src/send/recipients.js';

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

  it('a sink wanting a few numbers of its first batches gets exactly those; counts and batches are the same as with all', async () => {
    const list = [r(1, 'A'), r(2, 'B'), r(3, 'A'), r(4, 'A'), r(5, 'A'), r(6, 'C'), r(7, 'B'), r(8, 'D')];
    const full = await plan(list, 2);
    const seen: { text: string; count: number; numbers: string; rows: string }[] = [];
    const stats = await buildPlan(list, parseTemplate('{{t}}'), { maxPerRequest: 2, providerName: 'Test', rowLabel: (row) => `row ${row}` }, {
      get numbersWanted() {
        return seen.length < 2 ? 1 : 0;
      },
      batch: (head, numbers, rows) => void seen.push({ text: head.text, count: head.count, numbers: numbers.join(','), rows: rows.join(',') }),
    });
    expect(stats).toEqual(full.stats);
    expect(seen.map((b) => [b.text, b.count])).toEqual(full.batches.map((b) => [b.text, b.count]));
    // The first two batches (A, A): the first number and row of each; texts first met after
    // those were planned (C, D): none. B was met before, so it has its first.
    expect(seen.map((b) => [b.text, b.numbers, b.rows])).toEqual([
      ['A', '66800000001', '2'],
      ['A', '66800000004', '5'],
      ['B', '66800000002', '3'],
      ['C', '', ''],
      ['D', '', ''],
    ]);
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

/** Plans a CSV (given as text) the way a send does: the file's batches, the message's columns. */
async function planCsv(csv: string, message: string, opts: { allowEmpty?: boolean; max?: number } = {}) {
  const source = await openCsv(Readable.from([Buffer.from(csv, 'utf8')]), { name: 'list.csv' });
  const template = resolvePlaceholders(parseTemplate(message), source.headers);
  const batches: PlannedBatch[] = [];
  const skipped: [number, string, string][] = [];
  const stats = await buildPlan(
    fromCsv(source, 'phone', template.placeholders),
    template,
    { maxPerRequest: opts.max ?? 100, providerName: 'Test', rowLabel: (row) => `row ${row}`, allowEmpty: opts.allowEmpty },
    {
      batch: (head, numbers, rows) => void batches.push({ ...head, msisdns: numbers.join(','), rows: rows.join(',') }),
      skipped: (row, outcome, reason) => void skipped.push([row, outcome, String(reason)]),
    },
  );
  return { stats, batches, skipped, source };
}

describe('fields the message uses', () => {
  const csv = 'phone,name,code\n0811111111,Ann,1\n0822222222\n0833333333,,3\n0844444444,  ,4\n0855555555,Ben\n0866666666,Cat,6,extra\n';

  it('a row too short to have a used field is invalid with its row and reason; one with it empty too', async () => {
    const { stats, batches, skipped } = await planCsv(csv, 'Hello {{name}}, promo');
    expect(batches.map((b) => [b.text, b.rows])).toEqual([
      ['Hello Ann, promo', '2'],
      ['Hello Ben, promo', '6'],
      ['Hello Cat, promo', '7'],
    ]);
    expect(skipped).toEqual([
      [3, 'invalid', 'no {{name}} field: the row has only 1 field (fewer than the header)'],
      [4, 'invalid', '{{name}} is empty (--allow-empty sends such rows)'],
      [5, 'invalid', '{{name}} is empty (--allow-empty sends such rows)'],
    ]);
    // Reasons are keys that print themselves: compared as --json writes them.
    expect(JSON.parse(JSON.stringify(stats.invalid))).toEqual({ length: 3, first: skipped.map(([row, , reason]) => ({ row, value: expect.any(String), reason })) });
    expect(stats.emptyFields).toEqual([{ column: 'name', rows: 2 }]);
    expect(stats.missingFields).toEqual([{ column: 'name', rows: 1 }]);
  });

  it('--allow-empty sends the empty ones as they are; a missing field stays invalid', async () => {
    const { batches, skipped, stats } = await planCsv(csv, 'Hello {{name}}, promo', { allowEmpty: true });
    expect(batches.map((b) => b.text)).toEqual(['Hello Ann, promo', 'Hello , promo', 'Hello   , promo', 'Hello Ben, promo', 'Hello Cat, promo']);
    expect(skipped.map(([row]) => row)).toEqual([3]);
    expect(stats.emptyFields).toEqual([{ column: 'name', rows: 2 }]);
  });

  it('only fields the message uses matter: a short row is fine for a message without them', async () => {
    const { stats, source } = await planCsv(csv, 'promo for {{name}} and {{code}}', { allowEmpty: true });
    expect(stats.missingFields).toEqual([
      { column: 'name', rows: 1 },
      { column: 'code', rows: 2 },
    ]);
    expect(source.stats).toEqual({ records: 6, extraRows: 1, firstExtraRow: 7 });
    const plain = await planCsv(csv, 'promo');
    expect(plain.stats).toMatchObject({ valid: 6, invalid: { length: 0 } });
  });

  it('an invalid row does not use up its number: a later complete row with it is sent', async () => {
    const { batches } = await planCsv('phone,name\n0811111111,\n0811111111,Ann\n', 'Hi {{name}}');
    expect(batches.map((b) => [b.text, b.rows])).toEqual([['Hi Ann', '3']]);
  });
});

describe('invalid rows are counted, not all kept', () => {
  it(`keeps the first ${INVALID_ROWS_KEPT} and counts the rest; the sink hears of every one`, async () => {
    const list = Array.from({ length: 2500 }, (_, i): RawRecipient => ({ row: i + 2, phone: i % 2 ? '021234567' : phone(i), values: {} }));
    const skipped: number[] = [];
    const stats = await buildPlan(list, parseTemplate('x'), { maxPerRequest: 100, providerName: 'Test', rowLabel: String }, { batch() {}, skipped: (row) => void skipped.push(row) });
    expect(stats.invalid.length).toBe(1250);
    expect(stats.invalid.first).toHaveLength(INVALID_ROWS_KEPT);
    expect(JSON.parse(JSON.stringify(stats.invalid.first[0]))).toEqual({ row: 3, value: '021234567', reason: 'landline number (cannot receive SMS)' });
    expect(skipped).toHaveLength(1250);
  });
});

/** The plan as it was made before batches: texts in a Map, evicted oldest first. */
function referencePlan(list: { row: number; phone: string; text: string }[], max: number) {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  const open = new Map<string, string[]>();
  const emit = (text: string) => {
    const rows = open.get(text)!;
    if (rows.length) out.push([text, rows.join(',')]);
    open.set(text, []);
  };
  for (const r of list) {
    const p = normalizePhone(r.phone);
    if (!p.ok || seen.has(p.msisdn)) continue;
    seen.add(p.msisdn);
    if (!open.has(r.text)) {
      if (open.size >= OPEN_TEXTS) {
        const oldest = open.keys().next().value!;
        emit(oldest);
        open.delete(oldest);
      }
      open.set(r.text, []);
    }
    open.get(r.text)!.push(String(r.row));
    if (open.get(r.text)!.length >= max) emit(r.text);
  }
  for (const text of open.keys()) emit(text);
  return out;
}

describe('the plan', () => {
  it('groups texts as the Map-based plan did, through texts coming and going', async () => {
    // Texts from a pool a little larger than the open window: they leave it and come back.
    const item = fc.record({ t: fc.integer({ min: 0, max: OPEN_TEXTS + 800 }), n: fc.integer({ min: 0, max: 40_000 }), bad: fc.integer({ min: 0, max: 30 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 6_000, maxLength: 12_000 }), fc.integer({ min: 1, max: 4 }), async (items, max) => {
        const list = items.map((x, i) => ({ row: i + 2, phone: x.bad === 0 ? '12345' : phone(x.n), text: `text ${x.t % 7 === 0 ? 'same' : x.t}` }));
        const batches: [string, string][] = [];
        await buildPlan(
          list.map((x) => ({ row: x.row, phone: x.phone, values: { t: x.text } })),
          parseTemplate('{{t}}'),
          { maxPerRequest: max, providerName: 'Test', rowLabel: String },
          { batch: (head, _numbers, rows) => void batches.push([head.text, rows.join(',')]) },
        );
        expect(batches).toEqual(referencePlan(list, max));
      }),
      { numRuns: 12 },
    );
  });

  it('a dry run (a sink that keeps no numbers) plans the same requests', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => ({ row: i + 2, phone: phone(i % 2500), values: { t: `t${i % 700}` } }));
    const heads: unknown[][] = [[], []];
    const sinks: PlanSink[] = [
      { batch: (head) => void heads[0]!.push(head) },
      { numbersWanted: 0, batch: (head, numbers, rows) => void heads[1]!.push(head, numbers.length, rows.length) },
    ];
    const stats = [];
    for (const sink of sinks) stats.push(await buildPlan(list, parseTemplate('{{t}}'), { maxPerRequest: 3, providerName: 'Test', rowLabel: String }, sink));
    expect(stats[1]).toEqual(stats[0]);
    expect(heads[1]!.filter((_, i) => i % 3 === 0)).toEqual(heads[0]);
    expect(heads[1]!.filter((_, i) => i % 3 !== 0).every((n) => n === 0)).toBe(true);
  });

  it('parts counted from the pieces of a text agree with countParts of the text', () => {
    // GSM basic and extended (2 septets), Greek in GSM, Thai, Latin outside GSM, emoji (a
    // surrogate pair, and halves of one), tabs; lengths around every part boundary.
    const unit = fc.constantFrom('a', ' ', '{', '€', 'é', 'Δ', 'ก', '่', 'ā', '😀', '\ud83d', '\ude00', '\n', '\t', '^', '`', '@');
    const piece = fc.oneof(fc.array(unit, { maxLength: 30 }).map((u) => u.join('')), fc.tuple(unit, fc.integer({ min: 0, max: 170 })).map(([u, n]) => u.repeat(n)));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), (pieces) => {
        const text = pieces.join('');
        const counter = new PartsCounter();
        for (const p of pieces) counter.add(p);
        const { encoding, parts } = countParts(text);
        expect(counter.result(text)).toEqual({ encoding, parts });
        // Starting from a copy (the literals' share) gives the same.
        expect(new PartsCounter().copy(new PartsCounter().add(pieces[0]!)).add(pieces.slice(1).join('')).result(text)).toEqual({ encoding, parts });
      }),
      { numRuns: 4000 },
    );
  });

  it('the fast path for plain numbers takes exactly what normalizePhone takes unchanged', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 12 }).map((d) => d.join(''));
    const raw = fc.oneof(digits, digits.map((d) => `0${d.slice(0, 9)}`), digits.map((d) => `66${d.slice(0, 9)}`), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(raw, (value) => {
        const nsn = plainNsnOf(value);
        if (nsn >= 0 && isMobileNsn(nsn)) expect(normalizePhone(value)).toEqual({ ok: true, msisdn: `66${nsn}`, droppedZero: false });
        if (nsn >= 0) expect(`${value.length === 10 ? '0' : '66'}${String(nsn).padStart(9, '0')}`).toBe(value);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('OpenTexts', () => {
  it('finds what was added and not deleted, through colliding hashes, like a Map', () => {
    const op = fc.record({ add: fc.boolean(), key: fc.integer({ min: 0, max: 40 }), hash: fc.integer({ min: 0, max: 11 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        // Room for 8: 32 slots, 5 hashes shared by 41 keys: long runs of colliding entries.
        const table = new OpenTexts<{ text: string; hash: number; slot: number }>(8);
        const ref = new Map<string, { text: string; hash: number; slot: number }>();
        for (const o of ops) {
          const text = `k${o.key}`;
          const hash = ((o.key % 5) * 0x9e3779b1) | 0;
          const entry = ref.get(text);
          if (o.add && !entry && ref.size < 8) {
            const e = { text, hash, slot: -1 };
            table.add(e);
            ref.set(text, e);
          } else if (!o.add && entry) {
            table.delete(entry);
            ref.delete(text);
          }
          expect(table.size).toBe(ref.size);
          for (let k = 0; k <= 40; k++) expect(table.get(`k${k}`, ((k % 5) * 0x9e3779b1) | 0)).toBe(ref.get(`k${k}`));
        }
      }),
      { numRuns: 400 },
    );
  });
});
