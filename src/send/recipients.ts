/**
 * Read stage: where recipients come from. Every source is handed to planning the same way,
 * in batches (RecipientBatch), so every later stage is source-agnostic and a 2,000,000-row
 * file is a hundred batches, not two million objects and promises.
 */
import type { CsvSource, RecordBatch } from '../core/csv.js';
import { isMobileNsn } from '../core/phone.js';

export interface RawRecipient {
  /** Spreadsheet row (CSV) or 1-based position in --to. */
  row: number;
  phone: string;
  values: Record<string, string>;
}

/** Recipients in a batch. `value(k, i)` is the k-th of the columns the batch was made for. */
export interface RecipientBatch {
  readonly length: number;
  row(i: number): number;
  /** The phone field as written. */
  phone(i: number): string;
  /**
   * The 9-digit national number when the phone field is exactly 0XXXXXXXXX or 66XXXXXXXXX
   * (ASCII digits only); NEVER_MOBILE when it is ASCII digits in no shape normalizePhone takes
   * (a dry run past its listed invalid rows counts those without a string); else NOT_PLAIN.
   * The common case then needs no string at all.
   */
  plainNsn(i: number): number;
  /** Undefined when the row is too short to have the field (a ragged CSV row). */
  value(k: number, i: number): string | undefined;
  /** How many fields the row has (-1 when not from a file). */
  width(i: number): number;
}

export function isRecipientBatch(x: RecipientBatch | RawRecipient): x is RecipientBatch {
  return typeof (x as RecipientBatch).plainNsn === 'function';
}

const ZERO = 48;
const SIX = 54;
export const NOT_PLAIN = -1;
export const NEVER_MOBILE = -2;

/**
 * For `len` characters that are not 0XXXXXXXXX / 66XXXXXXXXX: NEVER_MOBILE when they are all
 * digits and, with a leading 00 taken off as normalizePhone does, neither 9 digits in a mobile
 * range (a mobile number whose 0 a spreadsheet dropped), 0 + 9, 66 + 9 nor 660 + 9; else
 * NOT_PLAIN (test/send/surely-invalid.test.ts holds it to normalizePhone).
 */
function shapeOf(code: (i: number) => number, len: number): number {
  for (let i = 0; i < len; i++) {
    const d = code(i) - ZERO;
    if (d < 0 || d > 9) return NOT_PLAIN;
  }
  const f = len >= 2 && code(0) === ZERO && code(1) === ZERO ? 2 : 0;
  const n = len - f;
  if (n === 9) {
    let v = 0;
    for (let i = f; i < len; i++) v = v * 10 + code(i) - ZERO;
    return isMobileNsn(v) ? NOT_PLAIN : NEVER_MOBILE;
  }
  if (n === 10 && code(f) === ZERO) return NOT_PLAIN;
  if (n === 11 && code(f) === SIX && code(f + 1) === SIX) return NOT_PLAIN;
  if (n === 12 && code(f) === SIX && code(f + 1) === SIX && code(f + 2) === ZERO) return NOT_PLAIN;
  return NEVER_MOBILE;
}

/** National number of 0XXXXXXXXX / 66XXXXXXXXX in bytes[s, e), NEVER_MOBILE or NOT_PLAIN (see RecipientBatch.plainNsn). */
export function plainNsnOfBytes(b: Uint8Array, s: number, e: number): number {
  const len = e - s;
  let i: number;
  if (len === 10 && b[s] === ZERO) i = s + 1;
  else if (len === 11 && b[s] === SIX && b[s + 1] === SIX) i = s + 2;
  else return shapeOf((k) => b[s + k]!, len);
  let n = 0;
  for (; i < e; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) return NOT_PLAIN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The same for a string. A twin, not one function over a code accessor: that costs the
 * plain dry run ~15% (a closure per row on its hottest line).
 */
export function plainNsnOf(t: string): number {
  const len = t.length;
  let i: number;
  if (len === 10 && t.charCodeAt(0) === ZERO) i = 1;
  else if (len === 11 && t.charCodeAt(0) === SIX && t.charCodeAt(1) === SIX) i = 2;
  else return shapeOf((k) => t.charCodeAt(k), len);
  let n = 0;
  for (; i < len; i++) {
    const d = t.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return NOT_PLAIN;
    n = n * 10 + d;
  }
  return n;
}

/** A batch of CSV records: column slot 0 is the phone, the others are mapped through `slots`. */
class CsvBatch implements RecipientBatch {
  constructor(
    private readonly b: RecordBatch,
    private readonly slots: readonly number[],
  ) {}
  get length(): number {
    return this.b.length;
  }
  row(i: number): number {
    return this.b.rows[i]!;
  }
  phone(i: number): string {
    return this.b.value(0, i) ?? '';
  }
  plainNsn(i: number): number {
    const s = this.b.starts[0]![i]!;
    if (s >= 0) return plainNsnOfBytes(this.b.bytes, s, this.b.ends[0]![i]!);
    if (s === -1) return -1;
    return plainNsnOf(this.phone(i));
  }
  value(k: number, i: number): string | undefined {
    return this.b.value(this.slots[k]!, i);
  }
  width(i: number): number {
    return this.b.widths[i]!;
  }
}

/**
 * The CSV's records as recipients, each batch carrying the phone and the given columns
 * (the template's placeholders, resolved to column names); nothing else is decoded.
 */
export async function* fromCsv(source: CsvSource, phoneColumn: string, columns: readonly string[] = []): AsyncGenerator<RecipientBatch> {
  const index = (name: string) => {
    const i = source.headers.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`); // i18n-ignore: a programming error (columns come from the header)
    return i;
  };
  // Distinct column indexes, the phone first; slots[k] is where columns[k] is.
  const selected = [index(phoneColumn)];
  const slots = columns.map((c) => {
    const i = index(c);
    const at = selected.indexOf(i);
    if (at >= 0) return at;
    selected.push(i);
    return selected.length - 1;
  });
  if (source.batches) {
    for await (const b of source.batches(selected)) yield new CsvBatch(b, slots);
    return;
  }
  // A source without batches (a spreadsheet): its records, gathered.
  let list = new ListBatch(columns);
  for await (const r of source.records) {
    list.add({ row: r.row, phone: r.values[phoneColumn] ?? '', values: r.values });
    if (list.length >= LIST_BATCH) {
      yield list;
      list = new ListBatch(columns);
    }
  }
  if (list.length) yield list;
}

/** Recipients given one by one (--to, tests), gathered into batches. */
class ListBatch implements RecipientBatch {
  private readonly rows: number[] = [];
  private readonly phones: string[] = [];
  private readonly values: (string | undefined)[][];
  constructor(private readonly columns: readonly string[]) {
    this.values = columns.map(() => []);
  }
  get length(): number {
    return this.rows.length;
  }
  add(r: RawRecipient): void {
    this.rows.push(r.row);
    this.phones.push(r.phone);
    // hasOwn: a placeholder such as {{constructor}} must not pick up Object.prototype.
    this.columns.forEach((c, k) => this.values[k]!.push(Object.hasOwn(r.values, c) ? r.values[c] : undefined));
  }
  row(i: number): number {
    return this.rows[i]!;
  }
  phone(i: number): string {
    return this.phones[i]!;
  }
  plainNsn(i: number): number {
    return plainNsnOf(this.phones[i]!);
  }
  value(k: number, i: number): string | undefined {
    return this.values[k]![i];
  }
  width(): number {
    return -1;
  }
}

const LIST_BATCH = 4096;

/**
 * Any recipient source as batches for `columns`: batches pass through (they were made for
 * the same columns), single recipients are gathered.
 */
export async function* recipientBatches(
  input: AsyncIterable<RecipientBatch | RawRecipient> | Iterable<RecipientBatch | RawRecipient>,
  columns: readonly string[],
): AsyncGenerator<RecipientBatch> {
  let list: ListBatch | undefined;
  for await (const item of input) {
    if (isRecipientBatch(item)) {
      if (list) yield list;
      list = undefined;
      yield item;
      continue;
    }
    (list ??= new ListBatch(columns)).add(item);
    if (list.length >= LIST_BATCH) {
      yield list;
      list = undefined;
    }
  }
  if (list) yield list;
}

/** The records of a batch at the given indexes (a report's rows that are sent again). */
export function subBatch(b: RecipientBatch, ids: readonly number[]): RecipientBatch {
  return {
    length: ids.length,
    row: (i) => b.row(ids[i]!),
    phone: (i) => b.phone(ids[i]!),
    plainNsn: (i) => b.plainNsn(ids[i]!),
    value: (k, i) => b.value(k, ids[i]!),
    width: (i) => b.width(ids[i]!),
  };
}

/** `--to` may repeat and each value may hold comma-separated numbers. */
export function* fromList(values: readonly string[]): Generator<RawRecipient> {
  let row = 0;
  for (const value of values) {
    for (const phone of value.split(',')) {
      if (phone.trim() === '') continue;
      row++;
      yield { row, phone, values: {} };
    }
  }
}
