import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findPhoneColumn, openCsv, type CsvRecord } from '../../src/core/csv.js';
import { normalizePhone } from '../../src/core/phone.js';
import { Deduper } from '../../src/core/dedupe.js';

const fixture = (name: string) => createReadStream(new URL(`../../fixtures/${name}`, import.meta.url));

/** Feeds the input in chunks of `size` bytes, to exercise chunk boundaries. */
function bytes(input: string | Buffer, size = Infinity): Readable {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += Math.min(size, buf.length)) chunks.push(buf.subarray(i, i + size));
  return Readable.from(chunks);
}

async function readAll(input: Readable | NodeJS.ReadableStream, name?: string) {
  const src = await openCsv(input, { name });
  const records: CsvRecord[] = [];
  for await (const r of src.records) records.push(r);
  return { headers: src.headers, records, rows: records.map((r) => r.row) };
}

describe('openCsv', () => {
  it('reads header and records, rows numbered as in Excel', async () => {
    const { headers, records } = await readAll(bytes('name,phone\nสมชาย,0812345678\nสมหญิง,0898765432\n'));
    expect(headers).toEqual(['name', 'phone']);
    expect(records).toEqual([
      { row: 2, values: { name: 'สมชาย', phone: '0812345678' } },
      { row: 3, values: { name: 'สมหญิง', phone: '0898765432' } },
    ]);
  });

  it.each([
    ['BOM', '\uFEFFphone\n0812345678\n'],
    ['CRLF', 'phone\r\n0812345678\r\n'],
    ['BOM + CRLF', '\uFEFFphone\r\n0812345678\r\n'],
    ['no final newline', 'phone\n0812345678'],
  ])('%s: first header is "phone" and values have no stray \\r', async (_label, text) => {
    const { headers, records } = await readAll(bytes(text));
    expect(headers).toEqual(['phone']);
    expect(records).toEqual([{ row: 2, values: { phone: '0812345678' } }]);
  });

  it('accepts a stream that already yields strings (setEncoding)', async () => {
    const { headers, records } = await readAll(Readable.from(['\uFEFFname,pho', 'ne\r\nสมชาย,0812345678\r\n']));
    expect(headers).toEqual(['name', 'phone']);
    expect(records).toEqual([{ row: 2, values: { name: 'สมชาย', phone: '0812345678' } }]);
  });

  it('quoted commas, quotes and newlines: a multi-line cell is still one row', async () => {
    const text = 'name,note,phone\r\n"Doe, John","say ""hi""\r\nline 2\nline 3",0812345678\r\nAnn,x,0898765432\r\n';
    const { records } = await readAll(bytes(text));
    expect(records).toEqual([
      { row: 2, values: { name: 'Doe, John', note: 'say "hi"\r\nline 2\nline 3', phone: '0812345678' } },
      { row: 3, values: { name: 'Ann', note: 'x', phone: '0898765432' } },
    ]);
  });

  it('blank lines and Excel ",,," rows are skipped but still count as rows', async () => {
    const { rows } = await readAll(bytes('\r\nphone,x\r\n\r\n0812345678,1\r\n,,\r\n  \r\n0898765432,2\r\n\r\n'));
    expect(rows).toEqual([4, 7]);
  });

  it.each([
    ['semicolon', 'name;phone;points\nสมชาย;081-234-5678;1,5\n', ['name', 'phone', 'points'], '1,5'],
    ['tab', 'name\tphone\tpoints\nสมชาย\t081-234-5678\t1,5\n', ['name', 'phone', 'points'], '1,5'],
    ['comma', 'name,phone,points\nสมชาย,081-234-5678,"1,5"\n', ['name', 'phone', 'points'], '1,5'],
  ])('detects the %s delimiter from the header line', async (_label, text, headers, points) => {
    const r = await readAll(bytes(text));
    expect(r.headers).toEqual(headers);
    expect(r.records[0]?.values.points).toBe(points);
  });

  it('tolerates ragged rows: missing cells are empty, extra cells dropped', async () => {
    const { records } = await readAll(bytes('a,b,c\n1\n1,2,3,4,5\n'));
    expect(records.map((r) => r.values)).toEqual([
      { a: '1', b: '', c: '' },
      { a: '1', b: '2', c: '3' },
    ]);
  });

  it('trims header cells, names empty ones column_N and suffixes duplicates', async () => {
    const { headers, records } = await readAll(bytes(' name ,,phone,name,Name,name,\n1,2,3,4,5,6,7\n'));
    expect(headers).toEqual(['name', 'column_2', 'phone', 'name_2', 'Name', 'name_3', 'column_7']);
    expect(records[0]?.values).toEqual({ name: '1', column_2: '2', phone: '3', name_2: '4', Name: '5', name_3: '6', column_7: '7' });
  });

  it('keeps a column called __proto__ as an ordinary column', async () => {
    const { records } = await readAll(bytes('__proto__,phone\nx,0812345678\n'));
    expect(Object.keys(records[0]!.values)).toEqual(['__proto__', 'phone']);
    expect(records[0]!.values.__proto__).toBe('x');
  });

  it('decodes Thai split across 1-byte chunks', async () => {
    const { records } = await readAll(bytes('\uFEFFชื่อ,เบอร์\r\n"สมชาย\r\nใจดี",0812345678\r\n', 1));
    expect(records).toEqual([{ row: 2, values: { ชื่อ: 'สมชาย\r\nใจดี', เบอร์: '0812345678' } }]);
  });

  it('a header-only file has no records', async () => {
    expect((await readAll(bytes('name,phone\r\n'))).records).toEqual([]);
  });

  it.each([
    ['an empty file', ''],
    ['only a BOM', '\uFEFF'],
    ['only blank lines', '\r\n\r\n  \n'],
    ['only ",,," rows', ',,,\r\n,,,\r\n'],
  ])('rejects %s', async (_label, text) => {
    await expect(readAll(bytes(text), 'list.csv')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'CSV_EMPTY',
      message: expect.stringMatching(/^list\.csv is empty: expected a header row/),
    });
  });

  it('rejects an unclosed quote, naming the row where it opens', async () => {
    await expect(readAll(bytes('name,phone\nA,0812345678\n"B,0898765432\nC,0861234567\n'), 'list.csv')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'CSV_MALFORMED',
      message: expect.stringMatching(/^list\.csv row 3: .*never closed/),
    });
  });

  it('releases the input when the consumer stops early', async () => {
    const input = bytes('phone\n' + '0812345678\n'.repeat(200_000), 1024);
    const src = await openCsv(input);
    for await (const r of src.records) if (r.row === 3) break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(input.destroyed).toBe(true);
  });

  describe('not UTF-8', () => {
    const cp874 = (s: string) =>
      Buffer.from([...s].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : c.charCodeAt(0) - 0xd60)));

    it("Thai Excel's Windows-874 CSV is read, Thai names intact (it used to be refused)", async () => {
      const { records } = await readAll(fixture('tis620.csv'), 'tis620.csv');
      expect(records.map((r) => [r.row, r.values.name, r.values.phone])).toEqual([
        [2, 'Somchai', '0812345678'],
        [3, 'สมหญิง', '0898765432'],
        [4, 'มาลี', '0861234567'],
      ]);
    });

    it.each([
      ['in the header', cp874('ชื่อ,phone\r\nx,0812345678\r\n'), [{ row: 2, values: { ชื่อ: 'x', phone: '0812345678' } }]],
      [
        'after a multi-line quoted cell',
        Buffer.concat([Buffer.from('a,b\r\n"x\r\ny",1\r\n\r\nz,1\r\n'), cp874('ก,1\r\n')]),
        [
          { row: 2, values: { a: 'x\r\ny', b: '1' } },
          { row: 4, values: { a: 'z', b: '1' } },
          { row: 5, values: { a: 'ก', b: '1' } },
        ],
      ],
    ])('Windows-874 %s is decoded', async (_label, buf, expected) => {
      for (const size of [Infinity, 1, 3]) expect((await readAll(bytes(buf, size))).records).toEqual(expected);
    });

    it('UTF-8 cut off inside a character names the byte, its offset and row', async () => {
      const buf = Buffer.concat([Buffer.from('a\r\nก\r\nข'), Buffer.from([0xe0, 0xb8])]);
      for (const size of [Infinity, 1, 3]) {
        await expect(readAll(bytes(buf, size), 'list.csv')).rejects.toMatchObject({
          code: 'CSV_NOT_UTF8',
          message: expect.stringMatching(/^list\.csv is not valid UTF-8: byte 0xE0 at byte offset 11 \(row 3\).*--encoding windows-874/),
        });
      }
    });
  });
});

describe('fixtures', () => {
  it('excel-messy.csv: BOM, CRLF, Thai header, multi-line cells and a trailing empty column', async () => {
    const { headers, records } = await readAll(fixture('excel-messy.csv'));
    expect(headers).toEqual(['ลำดับ', 'ชื่อ', 'เบอร์โทร', 'หมายเหตุ', 'column_5']);
    expect(findPhoneColumn(headers)).toBe('เบอร์โทร');
    expect(records).toHaveLength(20);
    const byNo = new Map(records.map((r) => [r.values['ลำดับ'], r]));
    expect(byNo.get('3')?.values['หมายเหตุ']).toBe('ที่อยู่: 12/3 ถ.สุขุมวิท\nกรุงเทพฯ');
    expect(byNo.get('7')).toMatchObject({ row: 9, values: { ชื่อ: 'อนันต์ "โต้ง"', หมายเหตุ: 'ชอบ "โปรโมชั่น", ส่งได้' } });
    // Row 8 is blank and row 10 is ",,,,": skipped, but Excel still numbers them.
    expect(byNo.get('8')?.row).toBe(11);
    expect(byNo.get('10')?.row).toBe(13);
    expect(byNo.get('20')?.row).toBe(23);
  });

  it('excel-semicolon.csv is read with ";" and keeps decimal commas', async () => {
    const { headers, records } = await readAll(fixture('excel-semicolon.csv'));
    expect(headers).toEqual(['ชื่อ', 'เบอร์โทร', 'คะแนน']);
    expect(records[1]?.values).toEqual({ ชื่อ: 'สมหญิง; ใจดี', เบอร์โทร: '0898765432', คะแนน: '2,25' });
  });

  it('contacts.csv: 300 rows, 282 distinct valid numbers, 10 duplicates, 8 invalid, 3 dropped zeros', async () => {
    const { headers, records } = await readAll(fixture('contacts.csv'));
    expect(headers).toEqual(['name', 'phone', 'branch', 'points']);
    const dedupe = new Deduper();
    let invalid = 0;
    let duplicates = 0;
    let dropped = 0;
    for (const r of records) {
      const p = normalizePhone(r.values.phone ?? '');
      if (!p.ok) invalid++;
      else if (!dedupe.add(p.msisdn)) duplicates++;
      else if (p.droppedZero) dropped++;
    }
    expect({ rows: records.length, valid: dedupe.size, duplicates, invalid, dropped }).toEqual({
      rows: 300,
      valid: 282,
      duplicates: 10,
      invalid: 8,
      dropped: 3,
    });
    for (let n = 1; n <= 5; n++) expect(dedupe.add(`6680000000${n}`)).toBe(false);
  });
});

describe('findPhoneColumn', () => {
  it.each([
    [['name', 'phone'], 'phone'],
    [['name', 'Phone'], 'Phone'],
    [['name', 'PHONE'], 'PHONE'],
    [['name', ' Mobile '], ' Mobile '],
    [['name', 'MSISDN'], 'MSISDN'],
    [['name', 'Tel'], 'Tel'],
    [['name', 'telephone'], 'telephone'],
    [['name', 'Number'], 'Number'],
    [['ชื่อ', 'เบอร์'], 'เบอร์'],
    [['ชื่อ', 'เบอร์โทร'], 'เบอร์โทร'],
    [['ชื่อ', 'เบอร์โทรศัพท์'], 'เบอร์โทรศัพท์'],
    [['name', 'Phone Number'], 'Phone Number'],
    [['name', 'phone_number'], 'phone_number'],
    [['name', 'mobile_no'], 'mobile_no'],
    [['name', 'Mobile No.'], 'Mobile No.'],
    [['name', 'Tel.'], 'Tel.'],
    [['ชื่อ', 'เบอร์มือถือ'], 'เบอร์มือถือ'],
    [['ชื่อ', 'มือถือ'], 'มือถือ'],
    [['ชื่อ', 'หมายเลขโทรศัพท์'], 'หมายเลขโทรศัพท์'],
    // Priority: an exact name beats an earlier column that only contains a keyword.
    [['Phone Number', 'mobile'], 'mobile'],
    [['number', 'phone'], 'phone'],
    [['tel', 'mobile'], 'mobile'],
  ])('%j → %s', (headers, expected) => {
    expect(findPhoneColumn(headers)).toBe(expected);
  });

  it('does not mistake unrelated columns for phones', () => {
    expect(() => findPhoneColumn(['hotel', 'telecom plan', 'cellar'])).toThrow(/no phone number column/);
  });

  it.each([
    [['phone', 'Contact'], 'Contact', 'Contact'],
    [['phone', 'Contact'], ' contact ', 'Contact'],
    [['phone', 'contact', 'Contact'], 'Contact', 'Contact'],
  ])('explicit --phone-column %j %j → %s', (headers, explicit, expected) => {
    expect(findPhoneColumn(headers, explicit)).toBe(expected);
  });

  it('explicit name not found names the flag and lists the columns', () => {
    expect(() => findPhoneColumn(['name', 'phone'], 'mobile')).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        message: '--phone-column "mobile" is not a column of the CSV; columns: "name", "phone"',
      }),
    );
  });

  it('no phone column: lists the columns and suggests --phone-column', () => {
    expect(() => findPhoneColumn(['name', 'branch'])).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'PHONE_COLUMN_NOT_FOUND',
        message: expect.stringMatching(/columns: "name", "branch".*--phone-column NAME/),
      }),
    );
  });
});
