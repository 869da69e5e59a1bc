/**
 * Files as Excel saves them: every encoding and delimiter from real bytes (fixtures/encodings/,
 * made with iconv by scripts/gen-encoding-fixtures.sh), read whole and in 7-byte chunks, and
 * what happens when the bytes are not what they claim.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openCsv, type CsvOptions } from '../../src/core/csv.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/encodings/${name}`, import.meta.url));

function chunks(buf: Buffer, size: number): Readable {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return Readable.from(out);
}

async function read(buf: Buffer, size = Infinity, options: CsvOptions = {}) {
  const src = await openCsv(chunks(buf, Math.min(size, Math.max(buf.length, 1))), { name: 'list.csv', ...options });
  const records: { row: number; values: Record<string, string> }[] = [];
  for await (const r of src.records) records.push({ row: r.row, values: { ...r.values } });
  return { headers: src.headers, encoding: src.encoding, delimiter: src.delimiter, records };
}

const HEADERS = ['ชื่อ', 'เบอร์โทร', 'รหัส'];
const ROWS = [
  ['สมชาย ใจดี', '081-234-5678', 'A001'],
  ['สมหญิง รักไทย', '0898765432', 'A002'],
  ['มาลี, ศรีสุข', '66861234567', 'A003'],
  ['อนันต์ “โต้ง” มั่นคง', '+66 81 111 2222', 'A004'],
  ['กมล แก้วมณี', '0912345678', 'A005'],
];
const RECORDS = ROWS.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(HEADERS.map((h, k) => [h, cells[k]!])) }));

describe('encodings and delimiters, detected from the bytes', () => {
  it.each([
    ['utf8.csv', 'utf-8', ','],
    ['utf8-bom.csv', 'utf-8', ','],
    ['windows-874.csv', 'windows-874', ','],
    ['windows-874-semicolon.csv', 'windows-874', ';'],
    ['utf16le.txt', 'utf-16le', '\t'],
    ['utf16be.txt', 'utf-16be', '\t'],
    ['semicolon.csv', 'utf-8', ';'],
    ['tab.csv', 'utf-8', '\t'],
  ])('%s: %s, %j, Thai intact', async (file, encoding, delimiter) => {
    for (const size of [Infinity, 7, 1]) {
      const r = await read(fixture(file), size);
      expect({ encoding: r.encoding, delimiter: r.delimiter, headers: r.headers }).toEqual({ encoding, delimiter, headers: HEADERS });
      expect(r.records).toEqual(RECORDS);
    }
  });

  it('--encoding and --delimiter override detection', async () => {
    const noBom = fixture('utf16le.txt').subarray(2);
    const r = await read(noBom, 5, { encoding: 'utf-16le', delimiter: '\t' });
    expect(r.records).toEqual(RECORDS);
    // A comma file read as ;-separated: one column per line.
    const semi = await read(fixture('utf8.csv'), Infinity, { delimiter: ';' });
    expect(semi.headers).toEqual(['ชื่อ,เบอร์โทร,รหัส']);
  });

  it('UTF-8 bytes forced to Windows-874 stop at the first byte that is no Thai character', async () => {
    const err = await read(fixture('utf8.csv'), Infinity, { encoding: 'windows-874' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid', code: 'CSV_NOT_WINDOWS_874' });
    // ช = E0 B8 8A: 0x8A is a C1 control in Windows-874.
    expect((err as Error).message).toMatch(/byte 0x8A at byte offset 2 \(row 1\)/);
  });

  it('Windows-874 bytes forced to UTF-8: exit 3 naming the offset and row', async () => {
    const err = await read(fixture('windows-874.csv'), 4, { encoding: 'utf-8' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid', code: 'CSV_NOT_UTF8', exitCode: 3 });
    expect((err as Error).message).toMatch(/^list\.csv is not UTF-8 \(--encoding utf8\): byte 0xAA at byte offset 0 \(row 1\)/);
  });

  it('bytes that are none of these: exit 3 with the byte offset', async () => {
    for (const size of [Infinity, 3]) {
      const err = await read(fixture('not-text.csv'), size).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'invalid', code: 'CSV_UNKNOWN_ENCODING' });
      expect((err as Error).message).toMatch(/byte 0x81 at byte offset 23 \(row 2\).*--encoding utf8\|windows-874\|utf16le/);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('UTF-8 that turns invalid after the first 64 KB: stops there, says --encoding windows-874', async () => {
    const head = Buffer.from(`phone,name\r\n${'0812345678,สมชาย ใจดี\r\n'.repeat(3000)}`, 'utf8');
    const tail = fixture('windows-874.csv').subarray(fixture('windows-874.csv').indexOf(0x0a) + 1);
    const file = Buffer.concat([head, tail]);
    const err = await read(file, 64 * 1024).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid', code: 'CSV_NOT_UTF8' });
    // Row 3002 is the first Windows-874 row; its first byte is the bad one.
    expect((err as Error).message).toMatch(new RegExp(`byte 0xCA at byte offset ${head.length.toLocaleString('en-US')} \\(row 3,002\\).*--encoding windows-874`));
  });

  it('UTF-16 cut in the middle of a code unit is an error, not a lost character', async () => {
    const bytes = fixture('utf16le.txt');
    const err = await read(bytes.subarray(0, bytes.length - 1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CSV_NOT_UTF16' });
  });

  it('a Windows-874 file whose first 64 KB are ASCII is still read when its Thai comes within 1 MB', async () => {
    const ascii = Buffer.from(`phone,name\r\n${'0812345678,Somchai\r\n'.repeat(4000)}`, 'latin1');
    const thai = fixture('windows-874.csv').subarray(fixture('windows-874.csv').indexOf(0x0a) + 1);
    const r = await read(Buffer.concat([ascii, thai]), 64 * 1024);
    expect(r.encoding).toBe('windows-874');
    expect(r.records.at(-1)).toEqual({ row: 4006, values: { phone: 'กมล แก้วมณี', name: '0912345678' } });
  });
});
