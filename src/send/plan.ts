/**
 * normalise → dedupe → render → plan batches, as a stream: each batch is handed to a sink
 * (the run journal on disk, or a counter for a dry run) as soon as it is complete, so memory
 * does not grow with the list. Everything here is decided before a single request is made,
 * so a send that cannot start sends nothing.
 */
import { invalidInput } from '../errors.js';
import { Deduper } from '../core/dedupe.js';
import { countParts, isGsm7, type Encoding } from '../core/parts.js';
import { JoinedNumbers } from '../core/numbers.js';
import { isMobileNsn, normalizePhone } from '../core/phone.js';
import { Reason } from '../core/reason.js';
import { t } from '../i18n/index.js';
import type { Template } from '../core/template.js';
import { NEVER_MOBILE, recipientBatches, type RawRecipient, type RecipientBatch } from './recipients.js';

export interface InvalidRow {
  row: number;
  value: string;
  /** Printed in the reader's language; English in --json and the report (core/reason.ts). */
  reason: Reason;
}

/**
 * Invalid rows kept in memory for the summary and --json; beyond them rows are only counted
 * (the report file, --report, lists every one). A file of 2,000,000 invalid rows stays small.
 */
export const INVALID_ROWS_KEPT = 1000;

/**
 * True only for values normalizePhone refuses whatever they hold: fewer than 9 digits, or a
 * character that is neither a digit, a separator it strips, nor a '+'. Anything else is
 * left to normalizePhone. A property test holds the two together.
 */
const WHITESPACE = /\s/;

export function surelyInvalid(raw: string): boolean {
  let digits = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 43 || c === 45 || c === 46 || c === 40 || c === 41 || c === 91 || c === 93 || c === 0x200b) continue;
    else if (!WHITESPACE.test(raw[i]!)) return true;
  }
  return digits < 9;
}

export interface InvalidRows {
  /** How many rows are invalid. */
  readonly length: number;
  /** The first INVALID_ROWS_KEPT of them, in row order. */
  readonly first: readonly InvalidRow[];
}

/** Rows whose field for a placeholder is a problem, by column. */
export interface FieldCount {
  column: string;
  rows: number;
}

/** A batch as the journal keeps it: numbers and rows comma-joined, one string each. */
export interface PlannedBatch {
  index: number;
  text: string;
  count: number;
  /** Canonical 66XXXXXXXXX numbers, comma-separated. */
  msisdns: string;
  /** Input row of each number, comma-separated, in the same order. */
  rows: string;
  parts: number;
  encoding: Encoding;
  credits: number;
}

/** A batch without its numbers and rows. */
export type BatchHead = Omit<PlannedBatch, 'msisdns' | 'rows'>;

export interface PlanSink {
  /**
   * `numbers` and `rows` come in comma-joined pieces, never joined into one string here: a
   * 2,000,000-number batch would be 40 MB of it. May return a promise for back-pressure.
   */
  batch(head: BatchHead, numbers: readonly string[], rows: readonly string[]): void | Promise<void>;
  /**
   * How many numbers (and rows) of each batch batch() is handed, the first ones: all when
   * unset, none at 0 (a dry run that only counts), so no more are built. Counts are the same
   * either way. Read as each text is first met: a dry run showing the first few request bodies
   * wants 20 numbers of each until it has them, then none.
   */
  readonly numbersWanted?: number;
  /** A row that will not be sent: invalid, on an exclude list (opt-out), or a number already planned. */
  skipped?(row: number, outcome: 'invalid' | 'duplicate' | 'excluded', reason: Reason): void | Promise<void>;
  /**
   * A row that will be sent, with its text and the text's parts (preview-cost: its costliest
   * rows, and the numbers it asks the provider about). May return a promise for back-pressure.
   */
  planned?(row: number, msisdn: string, text: string, parts: number, encoding: Encoding): void | Promise<void>;
}

export interface PlanStats {
  rows: number;
  /** Highest input row number (the report indexes rows by it). */
  maxRow: number;
  valid: number;
  invalid: InvalidRows;
  /** Rows with an empty field for a placeholder: invalid, unless --allow-empty (then sent with it empty). */
  emptyFields: FieldCount[];
  /** Rows too short to have the field for a placeholder (ragged rows): invalid. */
  missingFields: FieldCount[];
  duplicates: number;
  /** Rows whose number is on an exclude list (--exclude, the profile's opt-out list). */
  excluded: number;
  /** 9-digit numbers whose leading 0 a spreadsheet dropped. */
  droppedZero: number;
  batches: number;
  /** Texts first seen; a text that comes back after it left the open window counts again (see OPEN_TEXTS). */
  distinctTexts: number;
  /** Σ parts × recipients: what the providers charge. */
  credits: number;
  minParts: number;
  maxParts: number;
  encodings: Encoding[];
}

export interface PlanLimits {
  maxPerRequest: number;
  maxContentLength?: number;
  providerName: string;
  rowLabel: (row: number) => string;
  /** Planning a long list stops here when this aborts (Ctrl-C); what was planned is discarded. */
  signal?: AbortSignal;
  /** The error to stop with (the caller knows which signal it was). */
  onAbort?: () => Error;
  /** --allow-empty: a row whose field for a placeholder is empty is sent with it empty, not left out. */
  allowEmpty?: boolean;
  /** Opt-outs (src/core/exclude.ts): numbers never planned, checked after normalising, before dedupe. */
  exclude?: { has(msisdn: string): boolean };
}

/**
 * How many personalised texts may wait at once for more recipients with the same text.
 * Beyond it the oldest is closed and written out: a 2,000,000-row file of distinct texts
 * plans in flat memory, at the cost of an extra request for a text that repeats only after
 * 5,000 other texts (fewer open texts also means less garbage that outlives the young generation).
 */
export const OPEN_TEXTS = 5_000;
/** Numbers are gathered in joined pieces of this many, so a 2,000,000-number batch is a few hundred strings. */
const PIECE = 4096;

const NONE: readonly string[] = Object.freeze([]);

class OpenBatch {
  count = 0;
  /** Template.hashValues of the text. */
  hash = 0;
  /** Where OpenTexts holds it. */
  slot = -1;
  // Joined pieces, and the numbers and rows of the piece being gathered: none until needed
  // (a personalised text usually has one number; a dry run keeps none).
  private pieces: string[] | undefined;
  private rowPieces: string[] | undefined;
  private numbers: string[] | undefined;
  private rowNumbers: number[] | undefined;
  /** Numbers gathered since the last take(). */
  private gathered = 0;
  constructor(
    readonly text: string,
    readonly parts: number,
    readonly encoding: Encoding,
    /** How many numbers of each batch to gather: 0 when the sink keeps none (counts only). */
    private readonly want: number,
  ) {}

  /** Whether the next add() keeps its number. */
  get gathering(): boolean {
    return this.gathered < this.want;
  }

  add(msisdn: string, row: number): void {
    this.count++;
    if (!this.gathering) return;
    this.gathered++;
    const numbers = (this.numbers ??= []);
    numbers.push(msisdn);
    (this.rowNumbers ??= []).push(row);
    if (numbers.length === PIECE) this.flushPiece();
  }

  private flushPiece(): void {
    const numbers = this.numbers;
    if (!numbers || numbers.length === 0) return;
    (this.pieces ??= []).push(numbers.join(','));
    (this.rowPieces ??= []).push(this.rowNumbers!.join(','));
    this.numbers = undefined;
    this.rowNumbers = undefined;
  }

  /** Hands out what was gathered (numbers, rows) and starts over, ready for more of the same text. */
  take(): [readonly string[], readonly string[]] {
    this.flushPiece();
    const out: [readonly string[], readonly string[]] = [this.pieces ?? NONE, this.rowPieces ?? NONE];
    this.count = 0;
    this.gathered = 0;
    this.pieces = undefined;
    this.rowPieces = undefined;
    return out;
  }
}

export async function buildPlan(
  recipients: AsyncIterable<RecipientBatch | RawRecipient> | Iterable<RecipientBatch | RawRecipient>,
  template: Template,
  limits: PlanLimits,
  sink: PlanSink,
): Promise<PlanStats> {
  if (!Number.isInteger(limits.maxPerRequest) || limits.maxPerRequest < 1) {
    throw invalidInput(t('plan.batch_size_invalid', { value: limits.maxPerRequest }), 'INVALID_BATCH_SIZE');
  }
  const dedupe = new Deduper();
  const open = new OpenTexts(OPEN_TEXTS);
  // First-appearance order of the open texts, oldest first: an array with a moving head.
  let order: OpenBatch[] = [];
  let head = 0;
  const encodings = new Set<Encoding>();
  const invalid: InvalidRow[] = [];
  let invalidCount = 0;
  const stats = { rows: 0, maxRow: 0, duplicates: 0, excluded: 0, droppedZero: 0, batches: 0, distinctTexts: 0, credits: 0, minParts: Infinity, maxParts: 0 };
  const columns = template.placeholders;
  const emptyCounts = columns.map(() => 0);
  const missingCounts = columns.map(() => 0);
  // Reasons made once per column (and row width), not once per row.
  const emptyReasons = columns.map((column) => new Reason('plan.field_empty', { column }));
  const missingReasons = columns.map((column) => new MissingFieldReasons(column));
  const values = columns.map(() => '');
  // No placeholders: one text for every row.
  const constant = columns.length === 0 ? template.renderValues(values) : undefined;
  const constantHash = template.hashValues(values);
  const exclude = limits.exclude;
  const allowEmpty = limits.allowEmpty === true;
  const planned = sink.planned?.bind(sink);
  // Parts are counted from the pieces of a text: the literals' share once, the values' per text.
  const literalParts = new PartsCounter().add(template.literalText);
  const parts = new PartsCounter();

  // Sinks may return a promise for back-pressure; awaiting only then keeps a dry run free of
  // a microtask per row.
  const emit = (batch: OpenBatch): void | Promise<void> => {
    const count = batch.count;
    if (count === 0) return;
    const [numbers, rows] = batch.take();
    const planned: BatchHead = {
      index: stats.batches++,
      text: batch.text,
      count,
      parts: batch.parts,
      encoding: batch.encoding,
      credits: batch.parts * count,
    };
    stats.credits += planned.credits;
    return sink.batch(planned, numbers, rows);
  };
  const reject = (row: number, value: string, reason: Reason): void | Promise<void> => {
    invalidCount++;
    if (invalid.length < INVALID_ROWS_KEPT) invalid.push({ row, value, reason });
    return sink.skipped?.(row, 'invalid', reason);
  };

  for await (const batch of recipientBatches(recipients, columns)) {
    if (limits.signal?.aborted) throw limits.onAbort?.() ?? new Error('aborted');
    for (let i = 0; i < batch.length; i++) {
      const row = batch.row(i);
      stats.rows++;
      if (row > stats.maxRow) stats.maxRow = row;
      // The common case, 0XXXXXXXXX or 66XXXXXXXXX in a mobile range, is exactly what
      // normalizePhone would accept unchanged: no string, no regex.
      let nsn = batch.plainNsn(i);
      let msisdn: string | undefined;
      let droppedZero = false;
      if (nsn < 0 || !isMobileNsn(nsn)) {
        // Once no reason is wanted any more (a dry run past the rows it lists), a value that
        // cannot be a number is counted without working out why: digits that are no mobile
        // number (0XXXXXXXXX outside the mobile ranges, a landline, too many digits) without
        // even a string of them.
        const counting = !sink.skipped && invalid.length >= INVALID_ROWS_KEPT;
        if (counting && (nsn >= 0 || nsn === NEVER_MOBILE)) {
          invalidCount++;
          continue;
        }
        const raw = batch.phone(i);
        if (counting && surelyInvalid(raw)) {
          invalidCount++;
          continue;
        }
        const phone = normalizePhone(raw);
        if (!phone.ok) {
          const p = reject(row, raw, phone.reason);
          if (p) await p;
          continue;
        }
        nsn = -1;
        msisdn = phone.msisdn;
        droppedZero = phone.droppedZero;
      }
      // Opt-outs (issue 9): an excluded number is never planned, and is not a duplicate either.
      if (exclude) {
        msisdn ??= `66${nsn}`;
        if (exclude.has(msisdn)) {
          stats.excluded++;
          const p = sink.skipped?.(row, 'excluded', EXCLUDED);
          if (p) await p;
          continue;
        }
      }
      // The fields the message uses: a ragged row may not have them, or have them empty.
      let problem: Reason | undefined;
      let blankValues = true;
      for (let k = 0; k < columns.length; k++) {
        const v = batch.value(k, i);
        if (v === undefined) {
          missingCounts[k]!++;
          problem ??= missingReasons[k]!.of(batch.width(i));
        } else {
          if (isBlank(v)) {
            emptyCounts[k]!++;
            if (!allowEmpty) problem ??= emptyReasons[k]!;
          } else blankValues = false;
          values[k] = v;
        }
      }
      if (problem !== undefined) {
        const p = reject(row, batch.phone(i), problem);
        if (p) await p;
        continue;
      }
      if (!(nsn >= 0 ? dedupe.addNsn(nsn) : dedupe.add(msisdn!))) {
        stats.duplicates++;
        const p = sink.skipped?.(row, 'duplicate', DUPLICATE);
        if (p) await p;
        continue;
      }
      if (droppedZero) stats.droppedZero++;
      // The text is looked up by a hash of its pieces, so a text seen once (most personalised
      // ones) is never flattened into one string here.
      const text = constant ?? template.renderValues(values);
      const hash = constant !== undefined ? constantHash : template.hashValues(values);
      let textBatch = open.get(text, hash);
      if (!textBatch) {
        // Whitespace only: the literals and every value are.
        if (template.blankLiterals && blankValues) throw invalidInput(t('plan.row_message_empty', { row: limits.rowLabel(row) }), 'EMPTY_MESSAGE');
        if (limits.maxContentLength !== undefined && text.length > limits.maxContentLength) {
          const length = codePoints(text);
          if (length > limits.maxContentLength) {
            throw invalidInput(
              t('plan.row_message_too_long', { row: limits.rowLabel(row), length, provider: limits.providerName, max: limits.maxContentLength }),
              'MESSAGE_TOO_LONG',
            );
          }
        }
        parts.copy(literalParts);
        for (let k = 0; k < values.length; k++) parts.add(values[k]!);
        const info = parts.result(text);
        if (!encodings.has(info.encoding)) encodings.add(info.encoding);
        stats.minParts = Math.min(stats.minParts, info.parts);
        stats.maxParts = Math.max(stats.maxParts, info.parts);
        stats.distinctTexts++;
        if (open.size >= OPEN_TEXTS) {
          const oldest = order[head++]!;
          open.delete(oldest);
          const p = emit(oldest);
          if (p) await p;
          if (head > OPEN_TEXTS) {
            order = order.slice(head);
            head = 0;
          }
        }
        textBatch = new OpenBatch(text, info.parts, info.encoding, sink.numbersWanted ?? Infinity);
        textBatch.hash = hash;
        open.add(textBatch);
        order.push(textBatch);
      }
      if (textBatch.gathering) msisdn ??= `66${nsn}`;
      textBatch.add(msisdn ?? '', row);
      if (planned) {
        const p = planned(row, msisdn ?? `66${nsn}`, text, textBatch.parts, textBatch.encoding);
        if (p) await p;
      }
      if (textBatch.count >= limits.maxPerRequest) {
        const p = emit(textBatch);
        if (p) await p;
      }
    }
  }
  // Whatever is still open goes out in first-appearance order: the plan is deterministic.
  for (let i = head; i < order.length; i++) {
    const p = emit(order[i]!);
    if (p) await p;
  }
  const counted = (counts: number[]): FieldCount[] => columns.flatMap((column, k) => (counts[k] ? [{ column, rows: counts[k]! }] : []));
  return {
    rows: stats.rows,
    maxRow: stats.maxRow,
    valid: dedupe.size,
    invalid: { length: invalidCount, first: invalid },
    emptyFields: counted(emptyCounts),
    missingFields: counted(missingCounts),
    duplicates: stats.duplicates,
    excluded: stats.excluded,
    droppedZero: stats.droppedZero,
    batches: stats.batches,
    distinctTexts: stats.distinctTexts,
    credits: stats.credits,
    minParts: stats.distinctTexts ? stats.minParts : 0,
    maxParts: stats.maxParts,
    encodings: [...encodings],
  };
}

/**
 * The open texts, found by text: open addressing on the text's hash, with backward-shift
 * deletion, so the constant turnover of a personalised send (a text in, the oldest out)
 * leaves nothing behind and needs no string hashing of its own. Each entry carries its slot,
 * so deleting one starts where it is. (Exported for its tests.)
 */
export class OpenTexts<T extends { readonly text: string; readonly hash: number; slot: number } = OpenBatch> {
  size = 0;
  private readonly mask: number;
  private readonly slots: (T | undefined)[];
  private readonly hashes: Int32Array;

  constructor(most: number) {
    // At most a quarter full: probes stay short.
    let capacity = 16;
    while (capacity < most * 4) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
  }

  get(text: string, hash: number): T | undefined {
    const { slots, hashes, mask } = this;
    for (let i = home(hash, mask); ; i = (i + 1) & mask) {
      const b = slots[i];
      if (b === undefined) return undefined;
      if (hashes[i] === hash && b.text === text) return b;
    }
  }

  add(batch: T): void {
    const { slots, mask } = this;
    let i = home(batch.hash, mask);
    while (slots[i] !== undefined) i = (i + 1) & mask;
    slots[i] = batch;
    batch.slot = i;
    this.hashes[i] = batch.hash;
    this.size++;
  }

  delete(batch: T): void {
    const { slots, hashes, mask } = this;
    let i = batch.slot;
    if (i < 0 || slots[i] !== batch) return;
    slots[i] = undefined;
    batch.slot = -1;
    this.size--;
    // Move back any entry after the hole that would no longer be found from its home slot.
    for (let j = (i + 1) & mask; slots[j] !== undefined; j = (j + 1) & mask) {
      const h = home(hashes[j]!, mask);
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (stays) continue;
      const moved = slots[j]!;
      slots[i] = moved;
      moved.slot = i;
      hashes[i] = hashes[j]!;
      slots[j] = undefined;
      i = j;
    }
  }
}

/** The slot a hash starts probing at: FNV's low bits are mixed first (murmur3's finaliser). */
function home(hash: number, mask: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

const EXCLUDED = new Reason('plan.excluded');
const DUPLICATE = new Reason('plan.duplicate');

/** A column's "no {{column}} field" reasons, one per row width met (ragged rows repeat a few widths). */
class MissingFieldReasons {
  private readonly byWidth = new Map<number, Reason>();
  constructor(private readonly column: string) {}

  of(width: number): Reason {
    let r = this.byWidth.get(width);
    if (!r) {
      r = width >= 0 ? new Reason('plan.field_missing_width', { column: this.column, count: width }) : new Reason('plan.field_missing', { column: this.column });
      this.byWidth.set(width, r);
    }
    return r;
  }
}

/** Empty or only spaces: whitespace-only strings start with whitespace, so most values need one look. */
function isBlank(v: string): boolean {
  if (v.length === 0) return true;
  const c = v.charCodeAt(0);
  // Not a character String.prototype.trim removes: the value has text.
  if ((c > 32 && c < 127) || (c > 0xa0 && c < 0x1680) || (c > 0x3000 && c !== 0xfeff)) return false;
  return v.trim() === '';
}

/**
 * countParts(text) from the pieces the text is made of (a personalised send asks once per
 * text, millions of times): each piece adds its facts (all GSM-7 or not, septets, code units,
 * a 2-septet GSM character, a surrogate), which add up whatever the order; countParts itself
 * is asked only when such a wide character decides where a long text splits.
 */
export class PartsCounter {
  private gsm = true;
  private septets = 0;
  private units = 0;
  private wide = false;
  private surrogate = false;

  copy(from: PartsCounter): this {
    this.gsm = from.gsm;
    this.septets = from.septets;
    this.units = from.units;
    this.wide = from.wide;
    this.surrogate = from.surrogate;
    return this;
  }

  add(piece: string): this {
    this.units += piece.length;
    let i = 0;
    if (this.gsm) {
      for (; i < piece.length; i++) {
        const w = gsmWidth(piece.charCodeAt(i));
        if (w === 0) {
          this.gsm = false;
          break;
        }
        this.septets += w;
        if (w === 2) this.wide = true;
      }
    }
    if (!this.surrogate) {
      for (; i < piece.length; i++) {
        const c = piece.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdfff) {
          this.surrogate = true;
          break;
        }
      }
    }
    return this;
  }

  /** The text's encoding and parts; `text` is the pieces joined. */
  result(text: string): { encoding: Encoding; parts: number } {
    if (this.gsm) {
      if (this.septets <= 160) return this.septets ? ONE_GSM : { encoding: 'GSM-7', parts: 0 };
      if (!this.wide) return { encoding: 'GSM-7', parts: Math.ceil(this.septets / 153) };
    } else {
      if (this.units <= 70) return ONE_UCS2;
      if (!this.surrogate) return { encoding: 'UCS-2', parts: Math.ceil(this.units / 67) };
    }
    const { encoding, parts } = countParts(text);
    return { encoding, parts };
  }
}
const ONE_GSM: { encoding: Encoding; parts: number } = Object.freeze({ encoding: 'GSM-7', parts: 1 });
const ONE_UCS2: { encoding: Encoding; parts: number } = Object.freeze({ encoding: 'UCS-2', parts: 1 });

// Septets of each character up to U+20FF (0: not GSM-7), learnt from parts.ts's own alphabet
// on first use; the few characters above it are asked of parts.ts one by one, and remembered.
const GSM_TABLE_SIZE = 0x2100;
let gsmTable: Uint8Array | undefined;
const gsmAbove = new Map<number, number>();

function gsmWidth(c: number): number {
  if (c < GSM_TABLE_SIZE) return (gsmTable ??= buildGsmTable())[c]!;
  let w = gsmAbove.get(c);
  if (w === undefined) gsmAbove.set(c, (w = septetsOf(String.fromCharCode(c))));
  return w;
}

function septetsOf(ch: string): number {
  // A lone surrogate is no GSM-7 character (and the pair it belongs to is none either).
  if (ch.length !== 1 || (ch >= '\ud800' && ch <= '\udfff') || !isGsm7(ch)) return 0;
  return countParts(ch).units;
}

function buildGsmTable(): Uint8Array {
  const table = new Uint8Array(GSM_TABLE_SIZE);
  for (let c = 0; c < GSM_TABLE_SIZE; c++) table[c] = septetsOf(String.fromCharCode(c));
  return table;
}

/** Characters as the providers count them (code points): `[...text].length` without the array. */
export function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A planned batch's numbers, for the one request that carries them, read from its joined string. */
export function batchNumbers(batch: PlannedBatch): JoinedNumbers {
  return new JoinedNumbers(batch.msisdns, batch.count);
}
