/**
 * Streaming reader for contact files, tuned to what Excel really exports: BOM, CRLF,
 * `;` in some locales, ragged rows, blank rows and, too often, a Thai Windows-874 encoding.
 * Records are pulled one at a time, so memory stays flat however long the file is.
 */
import { Readable, pipeline } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { invalidInput, isSmsctlError } from '../errors.js';

export interface CsvRecord {
  /** The row number Excel shows: header is row 1, blank rows count, a quoted newline does not. */
  row: number;
  values: Record<string, string>;
}

export interface CsvSource {
  headers: string[];
  records: AsyncIterable<CsvRecord>;
}

// A contact row is never this long; the cap stops an unclosed quote from buffering the rest of a huge file.
const MAX_RECORD_CHARS = 1_000_000;
// Give up looking for the end of the header line after this much text and sniff what we have.
const MAX_HEADER_CHARS = 1_000_000;
const DELIMITERS = [',', ';', '\t'] as const;

export async function openCsv(
  input: NodeJS.ReadableStream | Readable,
  options: { name?: string } = {},
): Promise<CsvSource> {
  const name = options.name ?? 'CSV file';
  const rows = new RowCounter();
  const chunks = checkUtf8(input as AsyncIterable<Buffer | string>, rows, name);

  // Read just far enough to see the header line, so the delimiter can be chosen before parsing.
  const headChunks: (Buffer | string)[] = [];
  let head = '';
  let headerLine: string | undefined;
  while (headerLine === undefined) {
    const next = await chunks.next();
    if (next.done) {
      headerLine = firstNonBlankLine(head, true) ?? '';
      break;
    }
    headChunks.push(next.value.chunk);
    head += next.value.text;
    headerLine = firstNonBlankLine(head, head.length >= MAX_HEADER_CHARS);
  }
  if (headerLine.trim() === '') {
    await chunks.return(undefined);
    throw emptyFile(name);
  }

  const parser = parse({
    delimiter: sniffDelimiter(headerLine),
    // Listing CRLF explicitly: auto-detection looks only at the first line ending, which is wrong
    // when a file starts with a blank LF line and continues with CRLF.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
    bom: true,
  });
  async function* allChunks(): AsyncGenerator<Buffer | string> {
    yield* headChunks;
    for await (const c of chunks) yield c.chunk;
  }
  // pipeline propagates an encoding error into the parser, so it surfaces from the record iterator.
  pipeline(Readable.from(allChunks()), parser, () => {});
  const it = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();

  let row = 0;
  const next = async (): Promise<{ record: string[]; row: number } | undefined> => {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) return undefined;
        // Blank lines are not skipped by csv-parse but arrive as [''] records, so counting every
        // record gives the Excel row without its per-record info objects (which halve throughput).
        row++;
        const record = r.value;
        // Blank lines, and the ",,," rows Excel writes inside the used range, carry nothing.
        if (record.every((v) => v.trim() === '')) continue;
        return { record, row };
      }
    } catch (err) {
      throw toUserError(err, name);
    }
  };

  const first = await next();
  if (!first) throw emptyFile(name);
  const headers = headerNames(first.record);

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for (let r = await next(); r; r = await next()) {
        // Null prototype: a column called "__proto__" must stay an ordinary column.
        const values = Object.create(null) as Record<string, string>;
        for (let i = 0; i < headers.length; i++) values[headers[i]!] = r.record[i] ?? '';
        yield { row: r.row, values };
      }
    } finally {
      // Stopping early must release the input file.
      await it.return?.();
    }
  }
  return { headers, records: records() };
}

/**
 * The column holding phone numbers. An explicit `--phone-column` wins; otherwise the usual
 * names in English and Thai, exact names before looser variants such as "Mobile No.".
 */
export function findPhoneColumn(headers: string[], explicit?: string): string {
  if (explicit !== undefined) {
    const found = matchColumn(headers, explicit);
    if (found === undefined) {
      throw invalidInput(
        `--phone-column "${explicit}" is not a column of the CSV; columns: ${listColumns(headers)}`,
        'PHONE_COLUMN_NOT_FOUND',
      );
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
  throw invalidInput(
    `no phone number column found; columns: ${listColumns(headers)}. Pass --phone-column NAME`,
    'PHONE_COLUMN_NOT_FOUND',
  );
}

/** Exact name first, then ignoring case and surrounding spaces. Shared with template placeholders. */
export function matchColumn(headers: readonly string[], wanted: string): string | undefined {
  if (headers.includes(wanted)) return wanted;
  const k = wanted.trim().toLowerCase();
  return headers.find((h) => h.trim().toLowerCase() === k);
}

export function listColumns(headers: readonly string[]): string {
  return headers.length === 0 ? '(none)' : headers.map((h) => `"${h}"`).join(', ');
}

// Priority order: the first name present wins, whatever the column order.
const PHONE_NAMES = [
  'phone',
  'mobile',
  'msisdn',
  'tel',
  'telephone',
  'number',
  'เบอร์',
  'เบอร์โทร',
  'เบอร์โทรศัพท์',
];
const PHONE_WORDS = ['phone', 'mobile', 'msisdn', 'tel', 'telephone', 'cellphone', 'cell', 'phonenumber', 'mobileno'];
const PHONE_THAI_PARTS = ['เบอร์', 'มือถือ', 'โทรศัพท์'];

/** "Mobile_No." → "mobile no": separators and punctuation become single spaces. */
function key(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_\-.:/()#]+/g, ' ')
    .trim();
}

function headerNames(cells: string[]): string[] {
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
function firstNonBlankLine(text: string, complete: boolean): string | undefined {
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) return complete ? text.slice(start) : undefined;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
}

function emptyFile(name: string) {
  return invalidInput(`${name} is empty: expected a header row with column names (e.g. name,phone)`, 'CSV_EMPTY');
}

function toUserError(err: unknown, name: string): unknown {
  if (isSmsctlError(err) || !(err instanceof CsvError)) return err;
  // The failing record is the one after the last complete record (blank lines are records too).
  const e = err as CsvError & { records?: number };
  const row = (e.records ?? 0) + 1;
  const what =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is never closed (a " is missing)'
      : e.code === 'CSV_MAX_RECORD_SIZE'
        ? `the row is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (probably a " that is never closed)`
        : e.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'unexpected text after a closing quote'
          : (e.message.split('\n')[0] ?? e.code);
  return invalidInput(`${name} row ${row}: malformed CSV: ${what}`, 'CSV_MALFORMED');
}

/**
 * Checks the bytes are strict UTF-8 while streaming. A Windows-874 export would otherwise turn
 * every Thai name into mojibake silently; stopping names the row so the user can re-save it.
 * The original chunks go on to csv-parse, which works on bytes: handing it strings would
 * only make it encode them again.
 */
async function* checkUtf8(
  input: AsyncIterable<Buffer | string>,
  rows: RowCounter,
  name: string,
): AsyncGenerator<{ chunk: Buffer | string; text: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Bytes of a character split across chunks, kept only to locate an error exactly.
  let pending: Uint8Array = new Uint8Array(0);
  let first = true;
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') {
      text = first && chunk.startsWith('\uFEFF') ? chunk.slice(1) : chunk;
    } else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const seen = new TextDecoder('utf-8', { ignoreBOM: true }).decode(concat(pending, chunk));
        const bad = seen.indexOf('\uFFFD');
        rows.feed(seen.slice(0, Math.max(bad, 0)));
        throw notUtf8(name, rows.row);
      }
      pending = incompleteTail(pending.length > 0 && chunk.length < 4 ? concat(pending, chunk) : chunk);
    }
    first = false;
    rows.feed(text);
    yield { chunk, text };
  }
  try {
    decoder.decode();
  } catch {
    throw notUtf8(name, rows.row);
  }
}

function notUtf8(name: string, row: number) {
  return invalidInput(
    `${name} is not UTF-8 (invalid text on row ${row}); in Excel use Save As → "CSV UTF-8 (Comma delimited)" and try again`,
    'CSV_NOT_UTF8',
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The trailing bytes of an incomplete UTF-8 sequence (empty if the buffer ends on a boundary). */
function incompleteTail(buf: Uint8Array): Uint8Array {
  let i = buf.length - 1;
  while (i >= 0 && buf.length - i <= 3 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return buf.subarray(Math.max(0, buf.length - 3));
  const lead = buf[i]!;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + size > buf.length ? buf.subarray(i) : new Uint8Array(0);
}

/**
 * Tracks the Excel row of the text seen so far, so an encoding error can name it.
 * Excel always quotes fields containing quotes, so toggling on every `"` follows quoting exactly.
 */
class RowCounter {
  row = 1;
  private inQuotes = false;
  private afterCR = false;

  feed(text: string): void {
    const special = /["\r\n]/g;
    let lastEnd = 0;
    for (let m = special.exec(text); m; m = special.exec(text)) {
      const ch = m[0];
      const adjacent = m.index === lastEnd;
      lastEnd = m.index + 1;
      if (ch === '"') this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && !(ch === '\n' && this.afterCR && adjacent)) this.row++;
      this.afterCR = ch === '\r';
    }
    if (lastEnd !== text.length) this.afterCR = false;
  }
}
