/**
 * Streaming reader for contact files, tuned to what Excel really exports: UTF-8 with or
 * without BOM, UTF-16 "Unicode Text", Thai Windows-874 "CSV", CRLF, `;` or TAB in some
 * locales, ragged rows and blank rows. Records come in batches of byte ranges (csv-reader.ts)
 * and fields are decoded only when used, so memory stays flat however long the file is.
 */
import type { Readable } from 'node:stream';
import { invalidInput } from '../errors.js';
import { t } from '../i18n/index.js';
import { CsvReader, CsvRowError, RecordBatch, utf8Slice } from './csv-reader.js';
import { EncodingError, toUtf8, type DecodeInfo, type TextEncodingName } from './decode.js';

export { RecordBatch } from './csv-reader.js';
export type { TextEncodingName } from './decode.js';
export { parseDelimiter, parseEncoding } from './csv-options.js';

export interface CsvRecord {
  /** The row number Excel shows: header is row 1, blank rows count, a quoted newline does not. */
  row: number;
  values: Record<string, string>;
}

export interface CsvOptions {
  name?: string;
  /** --encoding: no detection. */
  encoding?: TextEncodingName;
  /** --delimiter: no sniffing. */
  delimiter?: string;
}

export interface CsvReadStats {
  /** Records with content after the header. */
  records: number;
  /** Records with more fields than the header (their extra fields are ignored), and the first. */
  extraRows: number;
  firstExtraRow: number;
}

/**
 * What the send pipeline reads: a header and records. A CSV file (openCsv) also gives its
 * records in batches, which is how sends read it; other sources (.xlsx) may give records only.
 */
export interface CsvSource {
  headers: string[];
  /** Every record as an object (missing fields are ''). Read once: this or `batches`. */
  records: AsyncIterable<CsvRecord>;
  /**
   * The records as batches carrying only the given columns (indexes into headers). A missing
   * field (a row shorter than the header) reads as undefined. A batch is valid until the next
   * one is asked for (it is refilled). Read once: this or `records`.
   */
  batches?(columns: readonly number[]): AsyncIterable<RecordBatch>;
  /** So far; complete once the records are read. */
  readonly stats?: CsvReadStats;
  /** Releases the input without reading the records. */
  close?(): Promise<void>;
}

/** A CSV file as openCsv reads it. */
export interface CsvFile extends CsvSource {
  /** The delimiter used, sniffed or given. */
  delimiter: string;
  /** The encoding read, detected or given. */
  encoding: TextEncodingName;
  batches(columns: readonly number[]): AsyncIterable<RecordBatch>;
  readonly stats: CsvReadStats;
  close(): Promise<void>;
}

// A contact row is never this long; the cap stops an unclosed quote from buffering the rest of a huge file.
const MAX_RECORD_CHARS = 1_000_000;
// Give up looking for the end of the header line after this many bytes and sniff what we have.
const MAX_HEADER_BYTES = 1_000_000;
const DELIMITERS = [',', ';', '\t'] as const;
const EMPTY = Buffer.alloc(0);

export async function openCsv(input: NodeJS.ReadableStream | Readable, options: CsvOptions = {}): Promise<CsvFile> {
  const name = options.name ?? t('csv.default_name');
  const decoded: DecodeInfo = {};
  const chunks = toUtf8(input as AsyncIterable<Buffer | string>, decoded, options.encoding)[Symbol.asyncIterator]();
  let reader: CsvReader | undefined;
  // Bytes read while looking for the first line, not yet handed to the reader.
  let head: Buffer = EMPTY;
  let done = false;
  const newReader = (line: string) =>
    new CsvReader({ delimiter: (options.delimiter ?? sniffDelimiter(line)).charCodeAt(0), maxRecordSize: MAX_RECORD_CHARS });

  /** The row an encoding error is on: the reader takes what came before it. */
  const errorRow = (): number => {
    const r = (reader ??= newReader(firstNonBlankLine(head, true) ?? ''));
    // Bytes not handed to the reader yet (the error came while looking for the header) are
    // read now; otherwise what it holds is one incomplete record, on the next row.
    if (head.length > 0) {
      const bytes = head;
      head = EMPTY;
      try {
        if (r.readHeader(bytes, false)) r.push(EMPTY, false, new RecordBatch([]));
      } catch {
        // A malformed record before the bad byte: the row so far is still right.
      }
    }
    return r.row + 1;
  };
  const userError = (err: unknown): unknown => {
    if (err instanceof EncodingError) return encodingError(err, name, errorRow());
    if (err instanceof CsvRowError) return malformed(err, name);
    return err;
  };

  let headers: string[];
  try {
    // The first line with content, to choose the delimiter from.
    let line: string | undefined;
    while (line === undefined) {
      const next = await chunks.next();
      if (next.done) {
        done = true;
        line = firstNonBlankLine(head, true) ?? '';
        break;
      }
      head = head.length ? Buffer.concat([head, next.value]) : next.value;
      line = firstNonBlankLine(head, head.length >= MAX_HEADER_BYTES);
    }
    if (line.trim() === '') throw emptyFile(name);
    reader = newReader(line);
    let header = reader.readHeader(head, done);
    head = EMPTY;
    while (!header && !done) {
      const next = await chunks.next();
      if (next.done) done = true;
      header = reader.readHeader(next.done ? EMPTY : next.value, done);
    }
    if (!header) throw emptyFile(name);
    headers = headerNames(header);
  } catch (err) {
    await chunks.return(undefined);
    throw userError(err);
  }
  const csv = reader;

  let started = false;
  async function* batches(columns: readonly number[]): AsyncGenerator<RecordBatch> {
    // i18n-ignore: a programming error, never a user's
    if (started) throw new Error('the records of a CSV source can be read once');
    started = true;
    csv.select(columns);
    try {
      // One batch, refilled: a batch is the consumer's until it asks for the next one.
      const batch = new RecordBatch(columns, 4096);
      // What came with the header first.
      csv.push(EMPTY, done, batch);
      for (;;) {
        if (batch.length > 0) {
          yield batch;
          batch.reset();
        }
        if (done) return;
        const next = await chunks.next();
        if (next.done) done = true;
        csv.push(next.done ? EMPTY : next.value, done, batch);
      }
    } catch (err) {
      throw userError(err);
    } finally {
      // Stopping early must release the input file.
      await chunks.return(undefined);
    }
  }

  async function* records(): AsyncGenerator<CsvRecord> {
    const all = headers.map((_, i) => i);
    for await (const batch of batches(all)) {
      for (let i = 0; i < batch.length; i++) {
        // Null prototype: a column called "__proto__" must stay an ordinary column.
        const values = Object.create(null) as Record<string, string>;
        for (let k = 0; k < headers.length; k++) values[headers[k]!] = batch.value(k, i) ?? '';
        yield { row: batch.rows[i]!, values };
      }
    }
  }

  return {
    headers,
    delimiter: String.fromCharCode(csv.delimiter),
    encoding: decoded.encoding ?? 'utf-8',
    batches,
    records: records(),
    get stats() {
      return { records: csv.records, extraRows: csv.extraRows, firstExtraRow: csv.firstExtraRow };
    },
    async close() {
      await chunks.return(undefined);
    },
  };
}

/**
 * The column holding phone numbers. An explicit `--phone-column` wins; otherwise the usual
 * names in English and Thai, exact names before looser variants such as "Mobile No.".
 */
export function findPhoneColumn(headers: string[], explicit?: string): string {
  if (explicit !== undefined) {
    const found = matchColumn(headers, explicit);
    if (found === undefined) {
      throw invalidInput(t('csv.phone_column_not_found', { column: explicit, columns: listColumns(headers) }), 'PHONE_COLUMN_NOT_FOUND');
    }
    return found;
  }
  const keys = headers.map(key);
  for (const name of PHONE_NAMES) {
    const i = keys.indexOf(name);
    if (i >= 0) return headers[i]!;
  }
  const words = keys.map((k) => k.split(' '));
  for (const word of PHONE_WORDS) {
    const i = words.findIndex((w) => w.includes(word));
    if (i >= 0) return headers[i]!;
  }
  // Thai is written without spaces, so Thai names match by substring.
  for (const part of PHONE_THAI_PARTS) {
    const i = keys.findIndex((k) => k.includes(part));
    if (i >= 0) return headers[i]!;
  }
  throw invalidInput(t('csv.no_phone_column', { columns: listColumns(headers) }), 'PHONE_COLUMN_NOT_FOUND');
}

/** Exact name first, then ignoring case and surrounding spaces. Shared with template placeholders. */
export function matchColumn(headers: readonly string[], wanted: string): string | undefined {
  if (headers.includes(wanted)) return wanted;
  const k = wanted.trim().toLowerCase();
  return headers.find((h) => h.trim().toLowerCase() === k);
}

export function listColumns(headers: readonly string[]): string {
  return headers.length === 0 ? t('csv.no_columns') : headers.map((h) => `"${h}"`).join(', ');
}

// Priority order: the first name present wins, whatever the column order.
// The Thai names are matched against a file's header, never shown (hence i18n-ignore).
const PHONE_NAMES = [
  'phone',
  'mobile',
  'msisdn',
  'tel',
  'telephone',
  'number',
  'เบอร์', // i18n-ignore: a header name matched, not shown
  'เบอร์โทร', // i18n-ignore: a header name matched, not shown
  'เบอร์โทรศัพท์', // i18n-ignore: a header name matched, not shown
];
const PHONE_WORDS = ['phone', 'mobile', 'msisdn', 'tel', 'telephone', 'cellphone', 'cell', 'phonenumber', 'mobileno'];
const PHONE_THAI_PARTS = ['เบอร์', 'มือถือ', 'โทรศัพท์']; // i18n-ignore: header words matched, not shown

/** "Mobile_No." → "mobile no": separators and punctuation become single spaces. */
function key(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_\-.:/()#]+/g, ' ')
    .trim();
}

/** Header names: trimmed, a blank one is column_N, a repeated one name_2 (shared with the workbook reader). */
export function headerNames(cells: string[]): string[] {
  const used = new Set<string>();
  return cells.map((cell, i) => {
    const base = cell.trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

function sniffDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  // Ties go to the comma, the only delimiter that needs no guessing.
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** The first line with content, or undefined if it may still be incomplete. */
function firstNonBlankLine(bytes: Buffer, complete: boolean): string | undefined {
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(10, start);
    if (end < 0) return complete ? utf8Slice(bytes, start, bytes.length) : undefined;
    const line = utf8Slice(bytes, start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
}

function emptyFile(name: string) {
  return invalidInput(t('csv.empty', { name }), 'CSV_EMPTY');
}

function malformed(err: CsvRowError, name: string) {
  const what =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? t('csv.quote_not_closed')
      : err.code === 'CSV_MAX_RECORD_SIZE'
        ? t('csv.row_too_long', { max: MAX_RECORD_CHARS.toLocaleString('en-US') })
        : err.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? t('csv.bad_closing_quote')
          : // csv-parse's own wording, for the rare faults smsctl does not name itself.
            err.detail;
  return invalidInput(t('csv.malformed', { name, row: err.row, what }), 'CSV_MALFORMED');
}

/** One line naming the byte, its offset and row, and what to do about it. */
function encodingError(err: EncodingError, name: string, row: number) {
  const at = { offset: err.offset.toLocaleString('en-US'), row: row.toLocaleString('en-US') };
  const where = err.byte === undefined ? t('csv.where_last_byte', at) : t('csv.where_byte', { ...at, hex: err.byte.toString(16).toUpperCase().padStart(2, '0') });
  const said = { name, where, resave: t('csv.resave') };
  switch (err.problem) {
    case 'utf-8':
      return invalidInput(err.forced ? t('csv.not_utf8_forced', said) : t('csv.not_utf8', said), 'CSV_NOT_UTF8');
    case 'windows-874':
      return invalidInput(err.forced ? t('csv.not_windows874_forced', said) : t('csv.not_windows874', said), 'CSV_NOT_WINDOWS_874');
    case 'utf-16':
      return invalidInput(t('csv.not_utf16', said), 'CSV_NOT_UTF16');
    default:
      return invalidInput(t('csv.unknown_encoding', said), 'CSV_UNKNOWN_ENCODING');
  }
}
