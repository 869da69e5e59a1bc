/**
 * The reader's two paths (the byte splitter for lines without quotes, csv-parse for the rest)
 * against the reader it replaced: csv-parse over the whole file with the same options, every
 * record counted as an Excel row, blank records skipped, the first one with content the
 * header. Random files with quotes, embedded delimiters and line breaks, BOMs, CRLF, lone CRs,
 * blank and ragged lines, fed in random chunks, must give the same records, row numbers
 * included, and the same errors.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { headerNames, openCsv } from '../../src/core/csv.js';
import { decodeField } from '../../src/core/csv-reader.js';

interface Rec {
  row: number;
  width: number;
  values: (string | undefined)[];
}
type Outcome = { headers: string[]; records: Rec[] } | { error: string };

/** The reader as it was: csv-parse over all of it, with its options. */
function reference(bytes: Buffer, delimiter: string): Outcome {
  let records: string[][];
  try {
    records = parse(bytes, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: 1_000_000,
      bom: true,
    }) as string[][];
  } catch (e) {
    const err = e as { code: string; records?: number };
    return { error: `${err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'never closed' : err.code} row ${(err.records ?? 0) + 1}` };
  }
  let headers: string[] | undefined;
  const out: Rec[] = [];
  records.forEach((record, i) => {
    if (record.every((v) => v.trim() === '')) return;
    if (!headers) {
      headers = headerNames(record);
      return;
    }
    out.push({ row: i + 1, width: record.length, values: headers.map((_, k) => record[k]) });
  });
  return headers ? { headers, records: out } : { error: 'CSV_EMPTY' };
}


function chunked(bytes: Buffer, cuts: number[]): Readable {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const c of [...at, bytes.length]) {
    chunks.push(bytes.subarray(last, c));
    last = c;
  }
  return Readable.from(chunks);
}

async function actual(input: Readable, delimiter: string): Promise<Outcome> {
  try {
    const src = await openCsv(input, { delimiter });
    const records: Rec[] = [];
    for await (const b of src.batches(src.headers.map((_, k) => k))) {
      for (let i = 0; i < b.length; i++) {
        records.push({ row: b.rows[i]!, width: b.widths[i]!, values: src.headers.map((_, k) => b.value(k, i)) });
      }
    }
    return { headers: src.headers, records };
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code === 'CSV_EMPTY') return { error: 'CSV_EMPTY' };
    if (err.code === 'CSV_MALFORMED') {
      const m = /row (\d+): malformed CSV: (.*)$/.exec(err.message);
      return { error: `${m?.[2]?.includes('never closed') ? 'never closed' : m?.[2]} row ${m?.[1]}` };
    }
    throw e;
  }
}

const DELIMITER = fc.constantFrom(',', ';', '\t');
// Text pieces chosen to hit every rule: quotes, all delimiters, every line break, spaces,
// Thai (multi-byte), a BOM character, Excel's empty cells.
const PIECE = fc.constantFrom('a', 'bc', '0812345678', 'สมชาย', ' ', '  ', '"', '""', ',', ';', '\t', '\n', '\r\n', '\r', '\uFEFF', '', 'x"y', '\u00a0');
const TEXT = fc.array(PIECE, { maxLength: 6 }).map((p) => p.join(''));
const PLAIN = TEXT.filter((t) => !/["\r\n,;\t]/.test(t));
const FIELD = fc.oneof(
  { weight: 4, arbitrary: PLAIN },
  // Quoted simply (what Excel writes for a value with a comma), and quoted with anything inside.
  { weight: 2, arbitrary: fc.tuple(PLAIN, fc.constantFrom('', ',', ';', '\t', ', ')).map(([t, d]) => `"${t}${d}${t}"`) },
  { weight: 2, arbitrary: TEXT.map((t) => `"${t.replace(/"/g, '""')}"`) },
  { weight: 1, arbitrary: TEXT },
);
const EOL = fc.constantFrom('\n', '\r\n', '\n', '\r\n', '\r');
const LINE = fc.oneof(
  { weight: 6, arbitrary: fc.array(FIELD, { minLength: 1, maxLength: 5 }) },
  // Blank, whitespace-only and ",,," lines.
  { weight: 1, arbitrary: fc.constantFrom([''], ['  '], ['', '', ''], [' ', '']) },
);
const FILE = fc.record({
  bom: fc.boolean(),
  lines: fc.array(fc.tuple(LINE, EOL), { maxLength: 12 }),
  finalEol: fc.boolean(),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
});

function build(delimiter: string, file: { bom: boolean; lines: (readonly [readonly string[], string])[]; finalEol: boolean }): Buffer {
  let text = file.bom ? '\uFEFF' : '';
  file.lines.forEach(([fields, eol], i) => {
    text += fields.join(delimiter);
    if (i < file.lines.length - 1 || file.finalEol) text += eol;
  });
  return Buffer.from(text, 'utf8');
}

describe('the fast path and csv-parse give the same records', () => {
  it('random CSVs, random chunks: records, rows and errors as csv-parse alone', async () => {
    await fc.assert(
      fc.asyncProperty(DELIMITER, FILE, async (delimiter, file) => {
        const bytes = build(delimiter, file);
        const expected = reference(bytes, delimiter);
        expect(await actual(chunked(bytes, file.cuts), delimiter)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('random bytes over the special characters, in one chunk and byte by byte', async () => {
    const soup = fc.array(fc.constantFrom('a', '"', '"', ',', ',', '\n', '\r', ' ', 'ก', '""', '","'), { maxLength: 40 }).map((a) => Buffer.from(a.join(''), 'utf8'));
    await fc.assert(
      fc.asyncProperty(soup, async (bytes) => {
        const expected = reference(bytes, ',');
        expect(await actual(Readable.from([bytes]), ',')).toEqual(expected);
        const ones = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
        expect(await actual(Readable.from(ones), ',')).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('a long file mixing clean and quoted lines, in 1 MiB-like chunks', async () => {
    const lines = ['phone,name,note'];
    for (let i = 0; i < 20_000; i++) {
      const phone = `08${String(i).padStart(8, '0')}`;
      if (i % 97 === 0) lines.push(`${phone},"Doe, ${i}","say ""hi""\nsecond line"`);
      else if (i % 3 === 0) lines.push(`"${phone}","ลูกค้า, ${i}",""`);
      else if (i % 89 === 0) lines.push('');
      else if (i % 83 === 0) lines.push(`${phone},short`);
      else lines.push(`${phone},ลูกค้า${i},${i}`);
    }
    const bytes = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
    const cuts = Array.from({ length: 12 }, (_, i) => (i + 1) / 13 + 0.0001 * i);
    expect(await actual(chunked(bytes, cuts), ',')).toEqual(reference(bytes, ','));
  });
});

describe('decodeField', () => {
  it('decodes like Buffer#toString: ASCII, Thai, accents, emoji, long fields', () => {
    const unit = fc.constantFrom('a', '7', ' ', 'ก', 'ไ', '้', 'é', '€', '😀', '\u0000', '\uFEFF', 'ß');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 700 }), fc.string({ maxLength: 5 }), (units, pad) => {
        const text = units.join('');
        const bytes = Buffer.from(`${pad}${text}${pad}`, 'utf8');
        const start = Buffer.byteLength(pad, 'utf8');
        const end = start + Buffer.byteLength(text, 'utf8');
        expect(decodeField(bytes, start, end)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
