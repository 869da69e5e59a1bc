/**
 * normalise → dedupe → render → plan batches, as a stream: each batch is handed to a sink
 * (the run journal on disk, or a counter for a dry run) as soon as it is complete, so memory
 * does not grow with the list. Everything here is decided before a single request is made,
 * so a send that cannot start sends nothing.
 */
import { invalidInput } from '../errors.js';
import { Deduper } from '../core/dedupe.js';
import { countParts, type Encoding } from '../core/parts.js';
import { JoinedNumbers } from '../core/numbers.js';
import { normalizePhone } from '../core/phone.js';
import type { Template } from '../core/template.js';
import type { RawRecipient } from './recipients.js';

export interface InvalidRow {
  row: number;
  value: string;
  reason: string;
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
  /** A row that will not be sent: invalid, or a number already planned. */
  skipped?(row: number, outcome: 'invalid' | 'duplicate', reason: string): void | Promise<void>;
}

export interface PlanStats {
  rows: number;
  /** Highest input row number (the report indexes rows by it). */
  maxRow: number;
  valid: number;
  invalid: InvalidRow[];
  duplicates: number;
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

class OpenBatch {
  count = 0;
  private pieces: string[] = [];
  private rowPieces: string[] = [];
  private numbers: string[] = [];
  private rowNumbers: number[] = [];
  constructor(
    readonly text: string,
    readonly parts: number,
    readonly encoding: Encoding,
  ) {}

  add(msisdn: string, row: number): void {
    this.count++;
    this.numbers.push(msisdn);
    this.rowNumbers.push(row);
    if (this.numbers.length === PIECE) this.flushPiece();
  }

  private flushPiece(): void {
    if (this.numbers.length === 0) return;
    this.pieces.push(this.numbers.join(','));
    this.rowPieces.push(this.rowNumbers.join(','));
    this.numbers = [];
    this.rowNumbers = [];
  }

  /** Hands out what was gathered and starts over, ready for more of the same text. */
  take(): { count: number; numbers: string[]; rows: string[] } {
    this.flushPiece();
    const out = { count: this.count, numbers: this.pieces, rows: this.rowPieces };
    this.count = 0;
    this.pieces = [];
    this.rowPieces = [];
    return out;
  }
}

export async function buildPlan(
  recipients: AsyncIterable<RawRecipient> | Iterable<RawRecipient>,
  template: Template,
  limits: PlanLimits,
  sink: PlanSink,
): Promise<PlanStats> {
  if (!Number.isInteger(limits.maxPerRequest) || limits.maxPerRequest < 1) {
    throw invalidInput(`recipients per request must be a whole number of at least 1 (got ${limits.maxPerRequest})`, 'INVALID_BATCH_SIZE');
  }
  const dedupe = new Deduper();
  const open = new Map<string, OpenBatch>();
  // First-appearance order of the open texts. Evicting from the front of a Map is slow once
  // it has seen many deletions, so the order lives in an array with a moving head.
  let order: OpenBatch[] = [];
  let head = 0;
  const encodings = new Set<Encoding>();
  const invalid: InvalidRow[] = [];
  const stats = { rows: 0, maxRow: 0, duplicates: 0, droppedZero: 0, batches: 0, distinctTexts: 0, credits: 0, minParts: Infinity, maxParts: 0 };

  const emit = async (batch: OpenBatch) => {
    if (batch.count === 0) return;
    const { count, numbers, rows } = batch.take();
    const planned: BatchHead = {
      index: stats.batches++,
      text: batch.text,
      count,
      parts: batch.parts,
      encoding: batch.encoding,
      credits: batch.parts * count,
    };
    stats.credits += planned.credits;
    await sink.batch(planned, numbers, rows);
  };

  for await (const r of recipients) {
    stats.rows++;
    if (limits.signal?.aborted && stats.rows % 1024 === 0) throw limits.onAbort?.() ?? new Error('aborted');
    if (r.row > stats.maxRow) stats.maxRow = r.row;
    const phone = normalizePhone(r.phone);
    if (!phone.ok) {
      invalid.push({ row: r.row, value: r.phone, reason: phone.reason });
      await sink.skipped?.(r.row, 'invalid', phone.reason);
      continue;
    }
    if (!dedupe.add(phone.msisdn)) {
      stats.duplicates++;
      await sink.skipped?.(r.row, 'duplicate', 'duplicate number: sent once, to an earlier row');
      continue;
    }
    if (phone.droppedZero) stats.droppedZero++;
    const text = template.render(r.values);
    if (text.trim() === '') throw invalidInput(`${limits.rowLabel(r.row)}: the message is empty for this row`, 'EMPTY_MESSAGE');
    let batch = open.get(text);
    if (!batch) {
      if (limits.maxContentLength !== undefined) {
        const length = [...text].length;
        if (length > limits.maxContentLength) {
          throw invalidInput(
            `${limits.rowLabel(r.row)}: the message is ${length} characters; ${limits.providerName} accepts at most ${limits.maxContentLength}`,
            'MESSAGE_TOO_LONG',
          );
        }
      }
      const info = countParts(text);
      encodings.add(info.encoding);
      stats.minParts = Math.min(stats.minParts, info.parts);
      stats.maxParts = Math.max(stats.maxParts, info.parts);
      stats.distinctTexts++;
      if (open.size >= OPEN_TEXTS) {
        const oldest = order[head++]!;
        open.delete(oldest.text);
        await emit(oldest);
        if (head > OPEN_TEXTS) {
          order = order.slice(head);
          head = 0;
        }
      }
      batch = new OpenBatch(text, info.parts, info.encoding);
      open.set(text, batch);
      order.push(batch);
    }
    batch.add(phone.msisdn, r.row);
    if (batch.count >= limits.maxPerRequest) await emit(batch);
  }
  // Whatever is still open goes out in first-appearance order: the plan is deterministic.
  for (let i = head; i < order.length; i++) await emit(order[i]!);
  return {
    rows: stats.rows,
    maxRow: stats.maxRow,
    valid: dedupe.size,
    invalid,
    duplicates: stats.duplicates,
    droppedZero: stats.droppedZero,
    batches: stats.batches,
    distinctTexts: stats.distinctTexts,
    credits: stats.credits,
    minParts: stats.distinctTexts ? stats.minParts : 0,
    maxParts: stats.maxParts,
    encodings: [...encodings],
  };
}

/** A planned batch's numbers, for the one request that carries them, read from its joined string. */
export function batchNumbers(batch: PlannedBatch): JoinedNumbers {
  return new JoinedNumbers(batch.msisdns, batch.count);
}
