/**
 * The CSV splitter behind openCsv. It works on UTF-8 bytes (see decode.ts) a chunk at a time
 * and hands out records in batches, as byte ranges of the chunk: a field is decoded into a
 * string only when it is asked for, so a column nobody uses costs a scan and nothing else.
 *
 * Two paths give the same records:
 * - lines without a `"` (and without a lone CR) are split here, byte by byte;
 * - a run of lines with quotes (or anything unusual) goes to csv-parse, with the options the
 *   reader always had (relax_quotes, relax_column_count, CRLF/LF/CR), so every edge case is
 *   csv-parse's. Where such a run ends is found by scanning with csv-parse's own quote rules.
 *
 * Rows are numbered as Excel shows them: every record counts (the header, blank lines,
 * ",,," lines), a line break inside quotes does not.
 */
import { parse as parseSync, CsvError } from 'csv-parse/sync';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Thrown for malformed CSV, with the row it is on. */
export class CsvRowError extends Error {
  constructor(
    readonly row: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Records of one chunk. For selected column k and record i, `starts[k][i]`/`ends[k][i]` is the
 * field's byte range in `bytes`; a start of -1 means the record has no such field (it is
 * shorter than the header), -2 that the record came from csv-parse and its fields are strings
 * in `parsed[i]`.
 */
export class RecordBatch {
  length = 0;
  rows: Int32Array;
  /** Fields each record has. */
  widths: Int32Array;
  starts: Int32Array[];
  ends: Int32Array[];
  parsed: (string[] | undefined)[] = [];
  bytes: Buffer = EMPTY;

  constructor(
    /** The column index of each selected column. */
    readonly columns: readonly number[],
    capacity = 1024,
  ) {
    this.rows = new Int32Array(capacity);
    this.widths = new Int32Array(capacity);
    this.starts = columns.map(() => new Int32Array(capacity));
    this.ends = columns.map(() => new Int32Array(capacity));
  }

  /** The value of selected column k in record i; undefined when the record is too short to have it. */
  value(k: number, i: number): string | undefined {
    const s = this.starts[k]![i]!;
    if (s >= 0) return decodeField(this.bytes, s, this.ends[k]![i]!);
    if (s === -1) return undefined;
    return this.parsed[i]![this.columns[k]!];
  }

  /** Empties the batch for reuse (its arrays stay). */
  reset(): void {
    this.length = 0;
    this.parsed = [];
    this.bytes = EMPTY;
  }

  /** Makes room for at least one more record. */
  grow(): void {
    const capacity = this.rows.length * 2;
    const more = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.rows = more(this.rows);
    this.widths = more(this.widths);
    this.starts = this.starts.map(more);
    this.ends = this.ends.map(more);
  }
}

const EMPTY = Buffer.alloc(0);

type Utf8Sliceable = Buffer & { utf8Slice?(start: number, end: number): string };
/** buf.toString('utf8', s, e) without its argument checks (a hot path: one call per used field). */
export function utf8Slice(buf: Buffer, start: number, end: number): string {
  const b = buf as Utf8Sliceable;
  return b.utf8Slice ? b.utf8Slice(start, end) : buf.toString('utf8', start, end);
}

type Sliceable = Buffer & { latin1Slice?(start: number, end: number): string; ucs2Slice?(start: number, end: number): string };

// Short non-ASCII fields (Thai names) are decoded here into UTF-16 code units and copied out
// as one string: about twice as fast as Node's UTF-8 decoder for them.
const SCRATCH = new Uint16Array(1024);
const SCRATCH_BYTES = Buffer.from(SCRATCH.buffer) as Sliceable;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const OWN_DECODER = LITTLE_ENDIAN && typeof SCRATCH_BYTES.ucs2Slice === 'function';

/** A field's bytes (valid UTF-8: the decoder checked or made them) as a string. */
export function decodeField(b: Buffer, s: number, e: number): string {
  let i = s;
  while (i < e && b[i]! < 0x80) i++;
  if (i === e) return asciiString(b, s, e);
  if (!OWN_DECODER || e - s > SCRATCH.length) return utf8Slice(b, s, e);
  const u = SCRATCH;
  let n = 0;
  for (let j = s; j < i; j++) u[n++] = b[j]!;
  while (i < e) {
    const c = b[i]!;
    if (c < 0x80) {
      u[n++] = c;
      i++;
    } else if (c < 0xe0) {
      u[n++] = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      u[n++] = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
      i += 3;
    } else {
      const cp = (((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f)) - 0x10000;
      u[n++] = 0xd800 | (cp >> 10);
      u[n++] = 0xdc00 | (cp & 0x3ff);
      i += 4;
    }
  }
  return SCRATCH_BYTES.ucs2Slice!(0, 2 * n);
}

const chr = String.fromCharCode;

/** ASCII bytes as a string: a short one (a phone number, a code) without a call into Node. */
function asciiString(b: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0: return '';
    case 1: return chr(b[s]!);
    case 2: return chr(b[s]!, b[s + 1]!);
    case 3: return chr(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12: return chr(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    default: {
      const l = b as Sliceable;
      return l.latin1Slice ? l.latin1Slice(s, e) : b.toString('latin1', s, e);
    }
  }
}

export interface ReaderOptions {
  /** One ASCII byte: `,` `;` or TAB. */
  delimiter: number;
  /** csv-parse's max_record_size: a record longer than this is an error. */
  maxRecordSize: number;
}

/**
 * Feed it bytes with push(); it keeps the incomplete last record for the next push. First
 * readHeader() until it returns the header, then push() with a batch to fill.
 */
export class CsvReader {
  /** Excel rows consumed: records so far, blank ones and the header included. */
  row = 0;
  /** Records with content after the header. */
  records = 0;
  /** Records with more fields than the header, and the first of them. */
  extraRows = 0;
  firstExtraRow = 0;
  headerLength = 0;

  private carry: Buffer | undefined;
  readonly delimiter: number;
  private readonly maxRecordSize: number;
  private readonly parseOptions: Record<string, unknown>;
  // Selected columns: slot + 1 of each column index (0: not selected), and the highest selected.
  private slotOf = new Int32Array(0);
  private maxColumn = -1;

  constructor(options: ReaderOptions) {
    this.delimiter = options.delimiter;
    this.maxRecordSize = options.maxRecordSize;
    this.parseOptions = {
      delimiter: String.fromCharCode(options.delimiter),
      // Listing CRLF explicitly: auto-detection looks only at the first line ending.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: options.maxRecordSize,
      // The decoder removed the BOM; one more is text, as csv-parse would keep a second one.
      bom: false,
    };
  }

  /**
   * Consumes bytes up to and including the header, the first record with content. Returns its
   * fields, or undefined if more bytes are needed (or, when final, there is no header).
   */
  readHeader(chunk: Buffer, final: boolean): string[] | undefined {
    const buf = this.take(chunk);
    let pos = 0;
    while (pos < buf.length) {
      const end = scanRecord(buf, pos, this.delimiter, final, 4 * this.maxRecordSize);
      if (end === TOO_LONG) throw this.tooLong();
      if (end < 0) break;
      // One record (scanRecord found its end).
      const record = this.parse(buf.subarray(pos, end))[0] ?? [''];
      pos = end;
      this.row++;
      if (isBlankRecord(record)) continue;
      this.keep(buf, pos);
      this.headerLength = record.length;
      return record;
    }
    this.keep(buf, pos);
    return undefined;
  }

  /** Chooses the columns that batches carry (by index). */
  select(columns: readonly number[]): void {
    this.maxColumn = columns.length ? Math.max(...columns) : -1;
    this.slotOf = new Int32Array(this.maxColumn + 1);
    columns.forEach((c, k) => {
      if (this.slotOf[c] === 0) this.slotOf[c] = k + 1;
    });
  }

  /** Splits every complete record of what was pushed so far (all of it when final) into batch. */
  push(chunk: Buffer, final: boolean, batch: RecordBatch): void {
    let buf: Buffer;
    const carry = this.carry;
    this.carry = undefined;
    if (carry && chunk.length > 0) {
      // The record the last chunk ended in is completed with the start of this one and goes
      // through csv-parse on its own, so the rest of the chunk is read in place, not copied.
      const lf = chunk.indexOf(LF);
      const rest = lf >= 0 ? chunk.subarray(lf + 1) : EMPTY;
      const piece = Buffer.concat([carry, lf >= 0 ? chunk.subarray(0, lf + 1) : chunk]);
      const end = this.slow(piece, 0, final && rest.length === 0, batch, true);
      const left = end < 0 ? 0 : end;
      // A quoted field that goes on past that line: read it all together after all.
      buf = left >= piece.length ? rest : rest.length ? Buffer.concat([piece.subarray(left), rest]) : piece.subarray(left);
    } else {
      buf = carry ?? chunk;
    }
    batch.bytes = buf;
    let pos = 0;
    while (pos < buf.length) {
      const stop = this.fast(buf, pos, final, batch);
      if (stop.dirty) {
        const next = this.slow(buf, stop.at, final, batch);
        if (next < 0) {
          pos = -next - 1;
          break;
        }
        pos = next;
      } else {
        pos = stop.at;
        break;
      }
    }
    this.keep(buf, pos);
    // i18n-ignore: a programming error, never a user's
    if (final && this.carry) throw new Error('csv reader: bytes left at the end');
  }

  private take(chunk: Buffer): Buffer {
    const carry = this.carry;
    this.carry = undefined;
    if (!carry) return chunk;
    return chunk.length ? Buffer.concat([carry, chunk]) : carry;
  }

  private keep(buf: Buffer, pos: number): void {
    this.carry = pos < buf.length ? buf.subarray(pos) : undefined;
  }

  /**
   * The fast path: splits clean lines from pos. A field may be quoted if it is simply so, on
   * one line: `"…"` with no quote inside, then a delimiter or the line break. Stops at the start
   * of the first line it cannot take (dirty: any other quote, a lone CR, a line too long to be
   * sure of, a record whose blankness needs csv-parse's word), or at the incomplete last line.
   */
  private fast(b: Buffer, pos: number, final: boolean, batch: RecordBatch): { at: number; dirty: boolean } {
    const n = b.length;
    const D = this.delimiter;
    // No byte above this is special (the delimiter is , ; or TAB; quote 34; CR 13; LF 10).
    const top = D > QUOTE ? D : QUOTE;
    const slotOf = this.slotOf;
    const maxColumn = this.maxColumn;
    const headerLength = this.headerLength;
    const limit = this.maxRecordSize;
    if (batch.length === batch.rows.length) batch.grow();
    let { starts, ends, rows, widths } = batch;
    let capacity = rows.length;
    const first = batch.length;
    let len = first;
    // Kept in locals in the loop, written back at the end.
    let row = this.row;
    let ls = pos;
    let fs = pos;
    let col = 0;
    // The value of the quoted field just read ([qs, qe), inside its quotes); -1: none.
    let qs = -1;
    let qe = 0;
    // The record has a quoted field.
    let quoted = false;
    let dirty = false;
    for (let i = pos; i < n; i++) {
      let c = b[i]!;
      // Most bytes are nothing special: skip them in a loop of their own.
      while (c > top && ++i < n) c = b[i]!;
      if (i >= n) break;
      if (c === D) {
        if (col <= maxColumn) {
          const slot = slotOf[col]!;
          if (slot !== 0) {
            starts[slot - 1]![len] = qs >= 0 ? qs : fs;
            ends[slot - 1]![len] = qs >= 0 ? qe : i;
          }
        }
        qs = -1;
        col++;
        fs = i + 1;
        continue;
      }
      if (c === LF) {
        let e = i;
        if (e > ls && b[e - 1] === CR) e--;
        if (e - ls > limit) {
          dirty = true;
          break;
        }
        if (e > ls) {
          const text = hasText(b, ls, e, D, quoted);
          if (text === undefined) {
            dirty = true;
            break;
          }
          row++;
          if (text) {
            if (col <= maxColumn) {
              const slot = slotOf[col]!;
              if (slot !== 0) {
                starts[slot - 1]![len] = qs >= 0 ? qs : fs;
                ends[slot - 1]![len] = qs >= 0 ? qe : e;
              }
            }
            const width = col + 1;
            rows[len] = row;
            widths[len] = width;
            if (width <= maxColumn) markMissing(batch, len, width);
            if (width > headerLength && this.extraRows++ === 0) this.firstExtraRow = row;
            if (++len === capacity) {
              batch.length = len;
              batch.grow();
              ({ starts, ends, rows, widths } = batch);
              capacity = rows.length;
            }
          }
        } else {
          row++;
        }
        ls = fs = i + 1;
        col = 0;
        qs = -1;
        quoted = false;
        continue;
      }
      if (c === CR) {
        if (i + 1 < n) {
          if (b[i + 1] === LF) continue;
        } else if (!final) break;
        // A lone CR ends a record too: csv-parse's business.
        dirty = true;
        break;
      }
      if (c === QUOTE) {
        // Only a quote that opens a field, and a field quoted simply, on one line.
        if (i !== fs) {
          dirty = true;
          break;
        }
        let q = i + 1;
        while (q < n) {
          const d = b[q]!;
          if (d === QUOTE || d === LF || d === CR) break;
          q++;
        }
        if (q >= n) {
          // Not closed yet: more bytes (or, at the end, csv-parse says it never is).
          dirty = final;
          break;
        }
        if (b[q] !== QUOTE) {
          dirty = true;
          break;
        }
        const a = q + 1;
        if (a >= n && !final) break;
        const next = a < n ? b[a]! : LF;
        if (next === CR && a + 1 >= n && !final) break;
        if (next === D || next === LF || (next === CR && a + 1 < n && b[a + 1] === LF)) {
          qs = i + 1;
          qe = q;
          quoted = true;
          i = q;
          continue;
        }
        dirty = true;
        break;
      }
    }
    let at = ls;
    if (!dirty) {
      if (ls >= n) at = n;
      else if (!final) {
        if (n - ls > 4 * limit) throw this.tooLong();
      } else if (n - ls > limit) {
        dirty = true;
      } else {
        // The last line, without a line break.
        const text = hasText(b, ls, n, D, quoted);
        if (text === undefined) {
          dirty = true;
        } else {
          at = n;
          row++;
          if (text) {
            if (col <= maxColumn) {
              const slot = slotOf[col]!;
              if (slot !== 0) {
                starts[slot - 1]![len] = qs >= 0 ? qs : fs;
                ends[slot - 1]![len] = qs >= 0 ? qe : n;
              }
            }
            const width = col + 1;
            rows[len] = row;
            widths[len] = width;
            if (width <= maxColumn) markMissing(batch, len, width);
            if (width > headerLength && this.extraRows++ === 0) this.firstExtraRow = row;
            len++;
          }
        }
      }
    }
    this.row = row;
    this.records += len - first;
    batch.length = len;
    return { at, dirty };
  }

  /** A record from csv-parse: its row and width; extra fields are counted. */
  private finish(batch: RecordBatch, len: number, width: number): void {
    batch.rows[len] = this.row;
    batch.widths[len] = width;
    this.records++;
    if (width <= this.maxColumn) markMissing(batch, len, width);
    if (width > this.headerLength && this.extraRows++ === 0) this.firstExtraRow = this.row;
  }

  /**
   * The csv-parse path from pos (a record start): takes records while the next line is dirty
   * too (or, with `all`, every complete record), parses them in one call. Returns where to go
   * on, or -(pos + 1) if more bytes are needed first.
   */
  private slow(b: Buffer, pos: number, final: boolean, batch: RecordBatch, all = false): number {
    const D = this.delimiter;
    let end = pos;
    for (;;) {
      const next = scanRecord(b, end, D, final, 4 * this.maxRecordSize);
      if (next === TOO_LONG) {
        this.flush(b, pos, end, batch);
        throw this.tooLong();
      }
      if (next < 0) break;
      end = next;
      if (end >= b.length || (!all && !lineIsDirty(b, end, D, this.maxRecordSize))) break;
    }
    if (end === pos) return -(pos + 1);
    this.flush(b, pos, end, batch);
    return end;
  }

  private flush(b: Buffer, from: number, to: number, batch: RecordBatch): void {
    if (to <= from) return;
    const records = this.parse(b.subarray(from, to));
    const { columns } = batch;
    for (const record of records) {
      this.row++;
      if (isBlankRecord(record)) continue;
      const len = batch.length;
      if (len === batch.rows.length) batch.grow();
      for (let k = 0; k < columns.length; k++) batch.starts[k]![len] = -2;
      batch.parsed[len] = record;
      this.finish(batch, len, record.length);
      batch.length = len + 1;
    }
  }

  private parse(bytes: Buffer): string[][] {
    try {
      return parseSync(bytes, this.parseOptions) as string[][];
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      // The failing record is the one after the last complete one (blank lines are records too).
      const e = err as CsvError & { records?: number };
      throw new CsvRowError(this.row + (e.records ?? 0) + 1, e.code, e.message.split('\n')[0] ?? e.code);
    }
  }

  private tooLong(): CsvRowError {
    // i18n-ignore: a debug detail; csv.ts words this code itself
    return new CsvRowError(this.row + 1, 'CSV_MAX_RECORD_SIZE', 'record too long');
  }
}

const TOO_LONG = -2;

/**
 * Where the record starting at pos ends (after its line break), following csv-parse's rules
 * with relax_quotes: a quote opens a quoted field only at the start of a field; inside, `""`
 * is a quote and a quote followed by anything but a delimiter or line break turns literal
 * (the field goes on unquoted). -1: more bytes are needed; the end of the bytes when final.
 */
export function scanRecord(b: Uint8Array, pos: number, D: number, final: boolean, maxBytes: number): number {
  const n = b.length;
  let quoting = false;
  let fieldHasText = false;
  for (let i = pos; i < n; i++) {
    if (i - pos > maxBytes) return TOO_LONG;
    const c = b[i]!;
    if (quoting) {
      if (c !== QUOTE) continue;
      if (i + 1 >= n) {
        if (!final) return -1;
        quoting = false;
        continue;
      }
      const next = b[i + 1]!;
      if (next === QUOTE) {
        i++;
        continue;
      }
      quoting = false;
      // Closed properly (a delimiter or line break follows), or turned literal: either way
      // the field now has text for the purpose of a later quote.
      fieldHasText = true;
      continue;
    }
    if (c === QUOTE) {
      if (!fieldHasText) quoting = true;
      continue;
    }
    if (c === D) {
      fieldHasText = false;
      continue;
    }
    if (c === LF) return i + 1;
    if (c === CR) {
      if (i + 1 >= n) return final ? n : -1;
      return b[i + 1] === LF ? i + 2 : i + 1;
    }
    fieldHasText = true;
  }
  return final ? n : -1;
}

/**
 * Whether the line starting at pos needs csv-parse (the fast path would refuse it): a quote
 * other than a simple quoted field's, a lone CR, too long, or blank-looking with quotes. Only
 * a guess at where a run of csv-parse lines ends: either answer gives the same records.
 */
function lineIsDirty(b: Uint8Array, pos: number, D: number, limit: number): boolean {
  const n = b.length;
  const top = D > QUOTE ? D : QUOTE;
  let fs = pos;
  let quoted = false;
  for (let i = pos; i < n; i++) {
    const c = b[i]!;
    if (c > top) continue;
    if (c === D) {
      fs = i + 1;
    } else if (c === LF) {
      if (i - pos > limit) return true;
      return quoted && i > pos && hasText(b as Buffer, pos, i, D, true) === undefined;
    } else if (c === CR) {
      if (i + 1 < n && b[i + 1] !== LF) return true;
    } else if (c === QUOTE) {
      if (i !== fs) return true;
      let q = i + 1;
      while (q < n && b[q] !== QUOTE && b[q] !== LF && b[q] !== CR) q++;
      if (q + 1 >= n) return false;
      const next = b[q + 1]!;
      if (b[q] !== QUOTE || (next !== D && next !== LF && next !== CR)) return true;
      quoted = true;
      i = q;
    }
  }
  // The line is incomplete: the fast path will look again.
  return false;
}

/**
 * Whether a record [s, e) of the fast path has content: true, false (blank: every field is
 * whitespace), or undefined when a quoted field makes it a question for csv-parse.
 */
function hasText(b: Buffer, s: number, e: number, D: number, quoted: boolean): boolean | undefined {
  const c0 = b[s]!;
  if (c0 !== QUOTE && startsWithText(c0, D)) return true;
  // A quoted first field whose first byte is text.
  if (c0 === QUOTE && s + 1 < e && b[s + 1] !== QUOTE && startsWithText(b[s + 1]!, D)) return true;
  if (quoted) return undefined;
  return !isBlankLine(b, s, e, D);
}

/**
 * A first byte that cannot begin whitespace, so the record is not blank: printable ASCII
 * other than the delimiter, or the lead byte of a character outside the Unicode spaces
 * (which start with C2, E1, E2, E3 or EF in UTF-8).
 */
function startsWithText(c: number, D: number): boolean {
  if (c > 32 && c < 127) return c !== D;
  return c >= 0xc3 && c !== 0xe1 && c !== 0xe2 && c !== 0xe3 && c !== 0xef;
}

/** Marks the selected columns a record of this width lacks. */
function markMissing(batch: RecordBatch, len: number, width: number): void {
  const { columns, starts } = batch;
  for (let k = 0; k < columns.length; k++) if (columns[k]! >= width) starts[k]![len] = -1;
}

/** Blank lines and the ",,," rows Excel writes inside the used range carry nothing. */
function isBlankLine(b: Buffer, s: number, e: number, D: number): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    // Delimiters and ASCII whitespace are nothing; any other ASCII, or a character that
    // cannot be a Unicode space, is text. Anything else: decide on the decoded line.
    if (c === D || c === 32 || (c >= 9 && c <= 13)) continue;
    if (startsWithText(c, D)) return false;
    return isBlankRecord(utf8Slice(b, s, e).split(String.fromCharCode(D)));
  }
  return true;
}

function isBlankRecord(record: readonly string[]): boolean {
  for (const v of record) if (v.trim() !== '') return false;
  return true;
}
