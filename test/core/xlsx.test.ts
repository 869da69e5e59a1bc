import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCsv, type CsvRecord } from '../../src/core/csv.js';
import { cellText, openXlsx, readXlsxRows, type XlsxRow } from '../../src/core/xlsx.js';
import { SmsctlError } from '../../src/errors.js';

// jszip comes with exceljs; used only to rearrange workbooks the way other tools write them.
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as {
  loadAsync(data: Buffer): Promise<ZipLike>;
  new (): ZipLike;
};
// The zip parser and temp-file maker exceljs itself uses, to replay their race deterministically.
const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = fromExceljs('unzipper') as { Parse(opts: object): NodeJS.EventEmitter };
type TmpFileCallback = (...args: unknown[]) => void;
const tmp = fromExceljs('tmp') as { file(cb: TmpFileCallback): void };
interface ZipLike {
  files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }>;
  file(name: string, data: Buffer | string, opts?: object): ZipLike;
  generateAsync(opts: object): Promise<Buffer>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smsctl-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(dir, `wb${++seq}.xlsx`);
  await wb.xlsx.writeFile(path);
  return path;
}

async function file(content: string | Buffer): Promise<string> {
  const path = join(dir, `f${++seq}.xlsx`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, opts: { sheet?: string; name?: string } = {}) {
  const src = await openXlsx(path, opts);
  const records: CsvRecord[] = [];
  for await (const r of src.records) records.push(r);
  return { headers: src.headers, records };
}

async function rowsOf(path: string, opts: { sheet?: string } = {}): Promise<XlsxRow[]> {
  const out: XlsxRow[] = [];
  for await (const r of readXlsxRows(path, opts)) out.push(r);
  return out;
}

async function failure(p: Promise<unknown>): Promise<SmsctlError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsctlError);
  return err as SmsctlError;
}

/** Rewrites some parts of a workbook and stores the entries in the given order (others after). */
async function repack(path: string, order: string[], edit: (name: string, xml: string) => string = (_n, x) => x): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  names.sort((a, b) => rank(a) - rank(b));
  const out = new JSZip();
  for (const n of names) {
    const data = await zip.files[n]!.async('nodebuffer');
    out.file(n, n.endsWith('.xml') || n.endsWith('.rels') ? edit(n, data.toString('utf8')) : data, { createFolders: false });
  }
  return file(await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** A minimal OLE2 compound file whose directory holds the given stream names (as .xls and encrypted .xlsx are). */
function compoundFile(streams: string[]): Buffer {
  const size = 512;
  const header = Buffer.alloc(size);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory starts at sector 1
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(0xfffffffe, 0x3c);
  header.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = Buffer.alloc(size, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT itself
  fat.writeUInt32LE(0xfffffffe, 4); // sector 1: the directory, one sector long
  const dirSector = Buffer.alloc(size);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    const off = i * 128;
    dirSector.write(name, off, 'utf16le');
    dirSector.writeUInt16LE((name.length + 1) * 2, off + 0x40);
    dirSector.writeUInt8(i === 0 ? 5 : 2, off + 0x42);
  });
  return Buffer.concat([header, fat, dirSector]);
}

describe('openXlsx', () => {
  it('reads Thai headers and phones stored as numbers, text, formulas and dates as the user typed them', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('ลูกค้า');
      ws.addRow(['ชื่อ', 'เบอร์โทร', 'วันเกิด', 'แต้ม']);
      ws.addRow(['สมชาย', 812345678, new Date(Date.UTC(1990, 4, 17)), 1500]);
      ws.addRow(['สมหญิง', 66812345678, new Date(Date.UTC(2024, 0, 15, 10, 30)), 2.5]);
      // How a number is shown does not matter: "0000000000" shows 0812345678, "0.00E+00" shows 6.68E+10.
      ws.getCell('B2').numFmt = '0000000000';
      ws.getCell('B3').numFmt = '0.00E+00';
      // row 4 left blank: it still counts
      ws.getRow(5).values = ['สมศักดิ์', '0812345678', '', { formula: '1+1', result: 2 }];
      ws.getRow(6).values = ['สุดา', '081-234-5678', { formula: 'C2+1', result: new Date(Date.UTC(1990, 4, 18)) }, { formula: 'B2', result: 812345678 }];
      ws.getRow(7).values = ['วิชัย', { formula: 'TEXT(B2,"0000000000")', result: '0812345678' }];
    });
    const { headers, records } = await readAll(path);
    expect(headers).toEqual(['ชื่อ', 'เบอร์โทร', 'วันเกิด', 'แต้ม']);
    expect(records).toEqual([
      { row: 2, values: { ชื่อ: 'สมชาย', เบอร์โทร: '812345678', วันเกิด: '1990-05-17', แต้ม: '1500' } },
      { row: 3, values: { ชื่อ: 'สมหญิง', เบอร์โทร: '66812345678', วันเกิด: '2024-01-15T10:30:00', แต้ม: '2.5' } },
      { row: 5, values: { ชื่อ: 'สมศักดิ์', เบอร์โทร: '0812345678', วันเกิด: '', แต้ม: '2' } },
      { row: 6, values: { ชื่อ: 'สุดา', เบอร์โทร: '081-234-5678', วันเกิด: '1990-05-18', แต้ม: '812345678' } },
      { row: 7, values: { ชื่อ: 'วิชัย', เบอร์โทร: '0812345678', วันเกิด: '', แต้ม: '' } },
    ]);
  });

  it('never writes numbers in E-notation or with float noise', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('n');
      ws.addRow(['v']);
      for (const v of [66812345678, 812345678.0000001, 0.1 + 0.2, 3.14, -42, 0, 1e15, 123456789012345680]) ws.addRow([v]);
    });
    expect((await rowsOf(path)).map((r) => r.cells[0])).toEqual([
      'v',
      '66812345678',
      '812345678',
      '0.3',
      '3.14',
      '-42',
      '0',
      '1000000000000000',
      '123456789012346000', // Excel keeps 15 significant digits, and so shows this
    ]);
  });

  it('turns rich text, booleans, errors and hyperlinks into plain text', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('v');
      ws.addRow(['rich', 'yes', 'no', 'err', 'link', 'nothing']);
      ws.addRow([
        { richText: [{ text: 'สม', font: { bold: true } }, { text: 'ชาย' }] },
        true,
        false,
        { error: '#N/A' },
        { text: 'เว็บไซต์', hyperlink: 'https://example.com' },
        { formula: 'NA()' },
      ]);
    });
    const { records } = await readAll(path);
    expect(records).toEqual([{ row: 2, values: { rich: 'สมชาย', yes: 'TRUE', no: 'FALSE', err: '#N/A', link: 'เว็บไซต์', nothing: '' } }]);
  });

  it('takes the first non-empty row as the header, names blank and repeated columns as the CSV reader does', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.getRow(3).values = [' name ', '', 'phone', 'phone'];
      ws.getRow(4).values = ['สมชาย', 'x', '0812345678', '0898765432', 'beyond the header'];
      ws.getRow(6).values = ['สมหญิง'];
    });
    const { headers, records } = await readAll(path);
    expect(headers).toEqual(['name', 'column_2', 'phone', 'phone_2']);
    expect(records).toEqual([
      { row: 4, values: { name: 'สมชาย', column_2: 'x', phone: '0812345678', phone_2: '0898765432' } },
      { row: 6, values: { name: 'สมหญิง', column_2: '', phone: '', phone_2: '' } },
    ]);
  });

  it('skips rows whose cells are all blank, but keeps counting them', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['phone']);
      ws.addRow(['0812345678']);
      ws.addRow(['   ']);
      ws.getCell('A4').numFmt = '@'; // formatted, never filled
      ws.addRow([]);
      ws.getCell('A6').value = '0898765432';
    });
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ['phone'] },
      { row: 2, cells: ['0812345678'] },
      { row: 6, cells: ['0898765432'] },
    ]);
  });

  describe('sheets', () => {
    const twoSheets = () =>
      workbook((wb) => {
        wb.addWorksheet('ลูกค้า').addRows([['phone'], ['0811111111']]);
        wb.addWorksheet('VIP').addRows([['phone'], ['0822222222']]);
      });

    it('reads the first sheet by default', async () => {
      expect((await readAll(await twoSheets())).records).toEqual([{ row: 2, values: { phone: '0811111111' } }]);
    });

    it('reads the sheet named by `sheet`, ignoring case as Excel does', async () => {
      const path = await twoSheets();
      expect((await readAll(path, { sheet: 'VIP' })).records).toEqual([{ row: 2, values: { phone: '0822222222' } }]);
      expect((await readAll(path, { sheet: 'vip' })).records).toEqual([{ row: 2, values: { phone: '0822222222' } }]);
      expect((await readAll(path, { sheet: 'ลูกค้า' })).records).toEqual([{ row: 2, values: { phone: '0811111111' } }]);
    });

    it('names the sheets there are when the one asked for is not there', async () => {
      const err = await failure(openXlsx(await twoSheets(), { sheet: 'Sheet1' }));
      expect(err.code).toBe('NO_SUCH_SHEET');
      expect(err.kind).toBe('invalid');
      expect(err.message).toBe('--sheet "Sheet1": no such sheet; sheets: ลูกค้า, VIP');
    });

    it('passes over a hidden first sheet by default', async () => {
      const path = await workbook((wb) => {
        const lookup = wb.addWorksheet('lookup');
        lookup.addRows([['code'], ['x']]);
        lookup.state = 'hidden';
        wb.addWorksheet('contacts').addRows([['phone'], ['0811111111']]);
      });
      expect((await readAll(path)).records).toEqual([{ row: 2, values: { phone: '0811111111' } }]);
      expect((await readAll(path, { sheet: 'lookup' })).records).toEqual([{ row: 2, values: { code: 'x' } }]);
    });

    it('takes "first" in tab order, not in the order of the parts in the file', async () => {
      // Dragging a tab to the front in Excel reorders <sheets> in workbook.xml, not the sheetN.xml parts.
      const path = await repack(await twoSheets(), [], (name, xml) =>
        name === 'xl/workbook.xml' ? xml.replace(/(<sheet [^>]*name="ลูกค้า"[^>]*\/>)(<sheet [^>]*name="VIP"[^>]*\/>)/, '$2$1') : xml,
      );
      expect((await readAll(path)).records).toEqual([{ row: 2, values: { phone: '0822222222' } }]);
      expect((await readAll(path, { sheet: 'x' }).catch((e: Error) => e.message))).toBe('--sheet "x": no such sheet; sheets: VIP, ลูกค้า');
    });
  });

  describe('workbooks written by other tools', () => {
    const sample = () =>
      workbook((wb) => {
        const ws = wb.addWorksheet('ลูกค้า');
        ws.addRow(['name', 'phone', 'date']);
        ws.addRow(['สมชาย', 812345678, new Date(Date.UTC(2024, 0, 15))]);
        wb.addWorksheet('two').addRow(['other']);
      });
    const expected = [{ row: 2, values: { name: 'สมชาย', phone: '812345678', date: '2024-01-15' } }];

    it('reads parts in any zip order (strings first, styles and workbook.xml last)', async () => {
      // exceljs parses a sheet at once when its strings come first: dates were then day numbers,
      // and a workbook.xml stored after the sheets crashed it.
      const order = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/styles.xml', 'xl/workbook.xml'];
      expect((await readAll(await repack(await sample(), order))).records).toEqual(expected);
      expect((await readAll(await repack(await sample(), order), { sheet: 'two' })).headers).toEqual(['other']);
      const excelOrder = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/theme/theme1.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
      expect((await readAll(await repack(await sample(), excelOrder))).records).toEqual(expected);
    });

    it('resolves sheet names from absolute part paths in the relationships', async () => {
      const path = await repack(await sample(), [], (name, xml) =>
        name === 'xl/_rels/workbook.xml.rels' ? xml.replace(/Target="worksheets\//g, 'Target="/xl/worksheets/') : xml,
      );
      expect((await readAll(path)).records).toEqual(expected);
      expect((await readAll(path, { sheet: 'two' })).headers).toEqual(['other']);
    });

    it('reads dates of workbooks on the 1904 date system', async () => {
      const path = await workbook((wb) => {
        wb.properties.date1904 = true;
        const ws = wb.addWorksheet('s');
        ws.addRow(['date', 'formula']);
        ws.addRow([new Date(Date.UTC(2024, 0, 15)), { formula: 'A2+1', result: new Date(Date.UTC(2024, 0, 16)) }]);
      });
      expect((await readAll(path)).records).toEqual([{ row: 2, values: { date: '2024-01-15', formula: '2024-01-16' } }]);
    });

    it('decodes the _xHHHH_ escapes Excel writes for control characters', () => {
      expect(cellText('บรรทัด 1_x000D_\nบรรทัด 2', undefined, [], false)).toBe('บรรทัด 1\r\nบรรทัด 2');
      expect(cellText('_x005F_x0041_', undefined, [], false)).toBe('_x0041_');
    });
  });

  it('reads every part when the zip is parsed to its end while a sheet is still being stored', async () => {
    // The random "not an Excel .xlsx workbook (… without the workbook part xl/workbook.xml)" on a
    // busy machine, made certain: each sheet's temp file waits until the zip parser has read the
    // whole archive. The parser then said 'end' with xl/workbook.xml (stored after the sheets)
    // still in its buffer, and exceljs dropped it.
    const archivesRead: Promise<unknown>[] = [];
    const realParse = unzipper.Parse;
    const realTmpFile = tmp.file;
    const parse = vi.spyOn(unzipper, 'Parse').mockImplementation((opts: object) => {
      const zip = realParse(opts);
      archivesRead.push(new Promise((resolve) => zip.once('finish', resolve)));
      return zip;
    });
    const tmpFile = vi.spyOn(tmp, 'file').mockImplementation((cb: TmpFileCallback) =>
      realTmpFile((...args) => void Promise.all(archivesRead).then(() => cb(...args))),
    );
    try {
      const path = await workbook((wb) => {
        wb.addWorksheet('ลูกค้า').addRows([['phone'], ['0811111111']]);
        wb.addWorksheet('VIP').addRows([['phone'], ['0822222222']]);
      });
      expect((await readAll(path)).records).toEqual([{ row: 2, values: { phone: '0811111111' } }]);
      expect((await readAll(path, { sheet: 'vip' })).records).toEqual([{ row: 2, values: { phone: '0822222222' } }]);
      // Excel stores the strings after the sheets: losing them read every text cell as blank.
      const excelOrder = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
      expect((await readAll(await repack(path, excelOrder))).records).toEqual([{ row: 2, values: { phone: '0811111111' } }]);
      // Really replayed: every read parsed its archive to the end before storing a sheet.
      expect(parse).toHaveBeenCalledTimes(3);
      expect(tmpFile).toHaveBeenCalledTimes(6);
    } finally {
      parse.mockRestore();
      tmpFile.mockRestore();
    }
  });

  it('reads 50,000 rows with flat memory', async () => {
    const path = join(dir, 'big.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = writer.addWorksheet('big');
    ws.addRow(['ชื่อ', 'เบอร์โทร', 'สาขา']).commit();
    for (let i = 1; i <= 50_000; i++) ws.addRow([`ลูกค้า ${i}`, 800_000_000 + i, `สาขา ${i % 97}`]).commit();
    ws.commit();
    await writer.commit();

    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const src = await openXlsx(path);
    expect(src.headers).toEqual(['ชื่อ', 'เบอร์โทร', 'สาขา']);
    let count = 0;
    let early = 0;
    const seen: CsvRecord[] = [];
    for await (const r of src.records) {
      count++;
      if (count === 5_000) early = heap();
      if (r.row === 2 || r.row === 25_001 || r.row === 50_001) seen.push(r);
    }
    const late = heap();
    expect(count).toBe(50_000);
    expect(seen).toEqual([
      { row: 2, values: { ชื่อ: 'ลูกค้า 1', เบอร์โทร: '800000001', สาขา: 'สาขา 1' } },
      { row: 25_001, values: { ชื่อ: 'ลูกค้า 25000', เบอร์โทร: '800025000', สาขา: 'สาขา 71' } },
      { row: 50_001, values: { ชื่อ: 'ลูกค้า 50000', เบอร์โทร: '800050000', สาขา: 'สาขา 45' } },
    ]);
    // Keeping just the strings of the 45,000 rows read in between adds about 11 MB.
    expect(late - early).toBeLessThan(4 * 1024 * 1024);
  });

  it('stops early without reading the rest', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['phone']);
      for (let i = 0; i < 100; i++) ws.addRow([`08${String(i).padStart(8, '0')}`]);
      wb.addWorksheet('after').addRow(['x']);
    });
    const src = await openXlsx(path);
    const got: CsvRecord[] = [];
    for await (const r of src.records) {
      got.push(r);
      if (got.length === 2) break;
    }
    expect(got).toEqual([
      { row: 2, values: { phone: '0800000000' } },
      { row: 3, values: { phone: '0800000001' } },
    ]);
  });

  describe('files it cannot read', () => {
    it('a CSV given an .xlsx name', async () => {
      const err = await failure(openXlsx(await file('name,phone\nสมชาย,0812345678\n'), { name: 'contacts.xlsx' }));
      expect(err.code).toBe('NOT_XLSX');
      expect(err.message).toBe('contacts.xlsx: not an Excel .xlsx workbook (it looks like a text file: if it is a CSV, give it a .csv name)');
    });

    it('not a zip', async () => {
      const err = await failure(openXlsx(await file(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), { name: 'photo.xlsx' }));
      expect(err.code).toBe('NOT_XLSX');
      expect(err.message).toBe('photo.xlsx: not an Excel .xlsx workbook (not a zip archive)');
    });

    it('an empty file', async () => {
      const err = await failure(openXlsx(await file(''), { name: 'x.xlsx' }));
      expect(err.code).toBe('NOT_XLSX');
      expect(err.message).toBe('x.xlsx: not an Excel .xlsx workbook (the file is empty)');
    });

    it('a truncated workbook', async () => {
      const whole = await readFile(await workbook((wb) => wb.addWorksheet('s').addRows([['phone'], ['0812345678']])));
      const err = await failure(openXlsx(await file(whole.subarray(0, 2000)), { name: 'cut.xlsx' }));
      expect(err.code).toBe('NOT_XLSX');
      expect(err.message).toMatch(/^cut\.xlsx: not an Excel \.xlsx workbook \(damaged or not a workbook: .+\)$/);
    });

    it('a zip that is not a workbook', async () => {
      const zip = new JSZip();
      zip.file('word/document.xml', '<w:document/>', { createFolders: false });
      const err = await failure(openXlsx(await file(await zip.generateAsync({ type: 'nodebuffer' })), { name: 'letter.xlsx' }));
      expect(err.code).toBe('NOT_XLSX');
      expect(err.message).toBe('letter.xlsx: not an Excel .xlsx workbook (a zip archive, but without the workbook part xl/workbook.xml)');
    });

    it('an old .xls workbook', async () => {
      const err = await failure(openXlsx(await file(compoundFile(['Workbook', '\x05SummaryInformation'])), { name: 'old.xls' }));
      expect(err.code).toBe('XLS_NOT_SUPPORTED');
      expect(err.message).toBe(
        'old.xls: an old Excel 97–2003 .xls workbook, not .xlsx; in Excel use Save As → "Excel Workbook (.xlsx)" or "CSV UTF-8 (Comma delimited)" and try again',
      );
    });

    it('a password-protected workbook', async () => {
      const err = await failure(openXlsx(await file(compoundFile(['EncryptionInfo', 'EncryptedPackage', '\x06DataSpaces'])), { name: 'secret.xlsx' }));
      expect(err.code).toBe('XLSX_PASSWORD_PROTECTED');
      expect(err.message).toBe(
        'secret.xlsx: the workbook is password-protected; in Excel open it, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and try again',
      );
    });

    it('an empty sheet', async () => {
      const path = await workbook((wb) => {
        wb.addWorksheet('ว่าง');
        wb.addWorksheet('blank').getCell('B2').numFmt = '@';
      });
      const err = await failure(openXlsx(path, { name: 'e.xlsx' }));
      expect(err.code).toBe('XLSX_EMPTY');
      expect(err.message).toBe('e.xlsx: sheet "ว่าง" is empty: expected a header row with column names (e.g. name, phone)');
      expect((await failure(openXlsx(path, { name: 'e.xlsx', sheet: 'blank' }))).message).toBe(
        'e.xlsx: sheet "blank" is empty: expected a header row with column names (e.g. name, phone)',
      );
    });

    it('a directory', async () => {
      const err = await failure(openXlsx(dir, { name: 'folder' }));
      expect(err.code).toBe('NOT_A_FILE');
      expect(err.message).toBe('folder: is a directory, not an Excel file');
    });

    it('a missing file', async () => {
      const err = await failure(openXlsx(join(dir, 'nope.xlsx'), { name: 'nope.xlsx' }));
      expect(err.code).toBe('FILE_NOT_FOUND');
      expect(err.message).toBe('nope.xlsx: no such file');
    });
  });

  it('fixtures/contacts.xlsx holds the same records as fixtures/contacts.csv', async () => {
    const fixture = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url);
    const xlsx = await readAll(fixture('contacts.xlsx').pathname);
    const csv = await openCsv(createReadStream(fixture('contacts.csv')));
    const csvRecords: CsvRecord[] = [];
    for await (const r of csv.records) csvRecords.push(r);
    expect(xlsx.headers).toEqual(csv.headers);
    expect(xlsx.records).toHaveLength(300);
    expect(xlsx.records).toEqual(csvRecords);
  });
});
