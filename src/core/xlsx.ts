/**
 * Streaming reader for Excel's own format (.xlsx), so users need not export to CSV first.
 * Built on exceljs's streaming WorkbookReader: rows are converted and handed on one at a time,
 * never kept, so memory stays flat however long the sheet is: only the workbook's table of
 * distinct strings is held, as the format requires (exceljs parks the sheets themselves in temp
 * files, on disk, until it has read the whole zip).
 *
 * Cells come back as the text the user typed: phone numbers stored as numbers keep their digits
 * (812345678, not "8.12E+08"), dates become ISO dates, formulas give their cached result.
 *
 * The core is `readXlsxRows`, an async generator of { row, cells }; `openXlsx` adapts it to the
 * CsvSource the send pipeline consumes.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { headerNames, type CsvRecord, type CsvSource } from './csv.js';
import { SmsctlError, invalidInput, isSmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { endZipOnlyWhenDrained } from './zip-early-end.js';

export interface XlsxRow {
  /** The row number Excel shows: blank rows count (and are not yielded). */
  row: number;
  /** Column A first; cells past the last non-empty one may be missing. */
  cells: string[];
}

export interface XlsxOptions {
  /** Sheet (tab) name; by default the first visible worksheet. Matched ignoring case, as Excel does. */
  sheet?: string;
  /** How messages name the file; defaults to the path. */
  name?: string;
}

/**
 * Every non-blank row of one worksheet, header included, as strings. Errors (not a workbook,
 * no such sheet, empty sheet) are thrown on the first `next()`.
 */
export async function* readXlsxRows(path: string, options: XlsxOptions = {}): AsyncGenerator<XlsxRow> {
  const name = options.name ?? path;
  await checkSignature(path, name);

  const ExcelJS = (await import('exceljs')).default;
  const file = createReadStream(path);
  // A read error must end the zip parser, not leave it waiting for data forever (exceljs does
  // not listen for errors on its input); it is reported in place of whatever the parser says.
  const input = new PassThrough();
  let readError: Error | undefined;
  file.on('error', (e) => {
    readError = e;
    input.end();
  });
  file.pipe(input);
  // Without this, entries after the one being handled (usually xl/workbook.xml) were lost at random.
  endZipOnlyWhenDrained(input);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    // 'emit' rather than 'cache': exceljs then always parks worksheets in temp files until the
    // whole zip is read, so the sheet list, styles (which tell dates from numbers) and strings
    // are all known before the first row, whatever order the zip entries are in. With 'cache',
    // a sheet stored after the strings but before styles.xml or workbook.xml is parsed at once:
    // dates come out as day numbers, or exceljs crashes on the missing sheet list.
    sharedStrings: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  }) as unknown as WorkbookReaderInternals;
  // The zip's sheetN.xml number of the worksheet about to be yielded: exceljs announces each
  // part just before yielding it, and does not keep the number when it can name the sheet.
  let partNo: string | undefined;
  reader.on('entry', (e: { type: string; id?: string }) => {
    if (e.type === 'worksheet') partNo = e.id;
  });

  const events = reader.parse() as AsyncGenerator<unknown>;
  const strings: unknown[] = [];
  let target: SheetInfo | undefined;
  let found = false;
  try {
    for (;;) {
      let step: IteratorResult<unknown>;
      try {
        step = await events.next();
      } catch (err) {
        throw readFailure(err, readError, reader, name);
      }
      if (step.done) break;
      const ev = step.value as { eventType?: string; value?: unknown; index?: number; text?: unknown };
      // In 'emit' mode exceljs yields shared strings bare, as { index, text }.
      if (ev.eventType === undefined && typeof ev.index === 'number') {
        strings[ev.index] = ev.text;
        continue;
      }
      if (ev.eventType !== 'worksheet') continue;
      const sheet = ev.value as WorksheetReaderInternals;
      // Before anything can throw (no such sheet): a parked sheet left unread has its temp file
      // deleted under its half-open stream, an ENOENT nobody would otherwise listen for.
      quiet(sheet);
      target ??= chooseSheet(reader, options.sheet, name);
      if (found || partNo !== target.part) {
        await discard(sheet);
        continue;
      }
      found = true;
      const date1904 = reader.properties?.model?.date1904 === true;
      let count = 0;
      try {
        for await (const row of sheet as unknown as AsyncIterable<RowLike>) {
          const cells: string[] = [];
          row.eachCell((cell, col) => {
            cells[col - 1] = cellText(cell.value, cell.numFmt, strings, date1904);
          });
          let blank = true;
          for (let i = 0; i < cells.length; i++) {
            if (cells[i] === undefined) cells[i] = '';
            else if (blank && cells[i]!.trim() !== '') blank = false;
          }
          if (blank) continue;
          count++;
          yield { row: row.number, cells };
        }
      } catch (err) {
        throw readFailure(err, readError, reader, name);
      }
      if (count === 0) throw emptySheet(name, target.name);
      return;
    }
    if (readError) throw readFailure(readError, readError, reader, name);
    if (!reader.model) throw notXlsx(name, t('xlsx.no_workbook_part'));
    target ??= chooseSheet(reader, options.sheet, name);
    throw notXlsx(name, t('xlsx.sheet_missing', { sheet: target.name }));
  } finally {
    // Let exceljs finish (it deletes its temp files as it goes) without parsing anything more.
    try {
      for (let s = await events.next(); !s.done; s = await events.next()) {
        const ev = s.value as { eventType?: string; value?: unknown };
        if (ev.eventType === 'worksheet') await discard(ev.value as WorksheetReaderInternals);
      }
    } catch {
      // Already failing or done; nothing more to release.
    }
    file.destroy();
  }
}

/** The .xlsx reader as the CsvSource the send pipeline reads: header = first non-empty row. */
export async function openXlsx(path: string, opts: { sheet?: string; name?: string } = {}): Promise<CsvSource> {
  const rows = readXlsxRows(path, opts);
  const first = await rows.next();
  // readXlsxRows throws on an empty sheet; this only guards the type.
  if (first.done) throw emptySheet(opts.name ?? path, opts.sheet ?? 'first');
  const headers = headerNames(first.value.cells);

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for await (const r of rows) {
        // Null prototype: a column called "__proto__" must stay an ordinary column.
        const values = Object.create(null) as Record<string, string>;
        for (let i = 0; i < headers.length; i++) values[headers[i]!] = r.cells[i] ?? '';
        yield { row: r.row, values };
      }
    } finally {
      // Stopping early must release the file.
      await rows.return(undefined);
    }
  }
  return { headers, records: records() };
}

// ---------------------------------------------------------------------------------------------
// Cell values

interface RowLike {
  number: number;
  eachCell(iteratee: (cell: { value: unknown; numFmt?: unknown }, col: number) => void): void;
}

/** One cell as the text the user sees (or typed). */
export function cellText(value: unknown, numFmt: unknown, strings: readonly unknown[], date1904: boolean): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return decodeEscapes(value);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return dateText(value);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) {
    return decodeEscapes((v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
  }
  if (typeof v.sharedString === 'number') return cellText(strings[v.sharedString], undefined, strings, date1904);
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
    const result = v.result;
    // exceljs turns dates into Date objects only for plain values; a formula's date stays a day number.
    if (typeof result === 'number' && isDateFormat(numFmt)) return dateText(excelDate(result, date1904));
    // A cached error (#N/A) reaches us as NaN: exceljs parses every non-text result as a number.
    if (typeof result === 'number' && Number.isNaN(result)) return '';
    return cellText(result, numFmt, strings, date1904);
  }
  if (typeof v.error === 'string') return v.error;
  if (typeof v.text === 'string') return decodeEscapes(v.text); // hyperlink
  return '';
}

/**
 * A number as its digits: integers exactly (66812345678, never 6.68123E+10), everything else
 * to the 15 significant digits Excel keeps, so binary noise (812345678.0000001,
 * 0.30000000000000004) is dropped just as Excel drops it when it shows the cell.
 */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isSafeInteger(n)) return String(n);
  const rounded = Number(n.toPrecision(15));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** ISO date, with the time of day (to the second) only when there is one. */
function dateText(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return '';
  const t = new Date(Math.round(ms / 1000) * 1000);
  const iso = t.toISOString(); // exceljs builds dates in UTC: the wall-clock time as typed
  if (t.getUTCFullYear() < 0 || t.getUTCFullYear() > 9999) return iso;
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** The test exceljs applies to plain values, so formula results are judged the same way. */
function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || fmt === '') return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel writes characters XML cannot hold as _xHHHH_ (a line break from Windows is _x000D_). */
function decodeEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** What the streaming reader exposes beyond its type definitions (exceljs 4.4). */
interface WorkbookReaderInternals {
  on(event: 'entry', listener: (e: { type: string; id?: string }) => void): void;
  parse(): AsyncIterator<unknown>;
  /** From xl/workbook.xml: the sheets in tab order. */
  model?: { sheets?: { name: string; id: number; state?: string; rId: string }[] };
  /** From xl/_rels/workbook.xml.rels. */
  workbookRels?: { Id: string; Target: string; Type?: string }[];
  properties?: { model?: { date1904?: boolean } };
}

interface WorksheetReaderInternals {
  /** A file stream of the parked sheet (or an iterator over the zip entry). */
  iterator?: { destroy?: () => void; return?: () => unknown };
}

interface SheetInfo {
  name: string;
  /** N of the zip part xl/worksheets/sheetN.xml, or undefined for chart sheets and the like. */
  part: string | undefined;
  hidden: boolean;
}

function sheetsOf(reader: WorkbookReaderInternals): SheetInfo[] {
  const rels = reader.workbookRels ?? [];
  return (reader.model?.sheets ?? []).map((s) => {
    const target = rels.find((r) => r.Id === s.rId)?.Target ?? '';
    // Targets are relative to xl/ ("worksheets/sheet1.xml"), or absolute ("/xl/worksheets/sheet1.xml").
    const m = /^(?:\/?xl\/)?worksheets\/sheet(\d+)\.xml$/i.exec(target.replace(/^\.\//, ''));
    return { name: s.name, part: m?.[1], hidden: s.state === 'hidden' || s.state === 'veryHidden' };
  });
}

function chooseSheet(reader: WorkbookReaderInternals, wanted: string | undefined, name: string): SheetInfo {
  const sheets = sheetsOf(reader);
  if (wanted === undefined) {
    const worksheets = sheets.filter((s) => s.part !== undefined);
    // The first tab Excel shows: hidden sheets (often lookup tables) are passed over.
    const first = worksheets.find((s) => !s.hidden) ?? worksheets[0];
    if (!first) throw notXlsx(name, sheets.length === 0 ? t('xlsx.no_sheets') : t('xlsx.only_charts'));
    return first;
  }
  const key = wanted.trim().toLowerCase();
  // Excel sheet names are unique ignoring case, so a case-blind match is never ambiguous.
  const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim().toLowerCase() === key);
  if (!sheet) {
    throw invalidInput(t('xlsx.no_such_sheet', { sheet: wanted, sheets: sheets.map((s) => s.name).join(', ') || t('csv.no_columns') }), 'NO_SUCH_SHEET');
  }
  if (sheet.part === undefined) throw invalidInput(t('xlsx.chart_sheet', { sheet: wanted }), 'NO_SUCH_SHEET');
  return sheet;
}

/**
 * Reads a sheet we do not want to its end. exceljs deletes a parked sheet's temp file as
 * soon as the next event is asked for; a sheet's stream destroyed half-open then fails
 * with ENOENT where nobody listens, so each sheet is consumed before moving on.
 */
async function discard(sheet: WorksheetReaderInternals): Promise<void> {
  quiet(sheet);
  try {
    for await (const _row of sheet as unknown as AsyncIterable<unknown>) void _row;
  } catch {
    // A sheet we skip cannot fail the one we read.
  }
}

/** A sheet's own stream failing after we stopped reading it is not the user's error. */
function quiet(sheet: WorksheetReaderInternals): void {
  const it = sheet.iterator as { on?: (event: string, listener: () => void) => void; listenerCount?: (event: string) => number } | undefined;
  if (it?.on && !(it.listenerCount?.('error') ?? 0)) it.on('error', () => undefined);
}

// ---------------------------------------------------------------------------------------------
// Errors

const ZIP_SIGNATURES = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];
const CFB_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/**
 * Looks at the first bytes, so that the usual wrong files get a message saying what they are:
 * an old .xls, a password-protected workbook (both OLE2 compound files), or a CSV renamed .xlsx.
 */
async function checkSignature(path: string, name: string): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw invalidInput(t('xlsx.no_such_file', { name }), 'FILE_NOT_FOUND');
    throw new SmsctlError('invalid', t('xlsx.cannot_open', { name, error: e.message }), { code: 'XLSX_READ_FAILED', cause: err });
  }
  try {
    const head = Buffer.alloc(512);
    let got: number;
    try {
      ({ bytesRead: got } = await fh.read(head, 0, head.length, 0));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EISDIR') throw invalidInput(t('xlsx.is_directory', { name }), 'NOT_A_FILE');
      throw new SmsctlError('invalid', t('xlsx.cannot_read', { name, error: e.message }), { code: 'XLSX_READ_FAILED', cause: err });
    }
    const start = head.subarray(0, got);
    if (ZIP_SIGNATURES.some((sig) => start.subarray(0, 4).equals(sig))) return;
    if (got === 0) throw notXlsx(name, t('xlsx.file_empty'));
    if (start.subarray(0, 8).equals(CFB_SIGNATURE)) {
      const streams = await compoundFileNames(fh);
      if (streams.includes('EncryptedPackage') || streams.includes('EncryptionInfo')) {
        throw invalidInput(t('xlsx.password', { name }), 'XLSX_PASSWORD_PROTECTED');
      }
      const what = streams.includes('Workbook') || streams.includes('Book') ? t('xlsx.old_xls') : t('xlsx.old_office');
      throw invalidInput(t('xlsx.old_format', { name, what }), 'XLS_NOT_SUPPORTED');
    }
    throw notXlsx(name, looksLikeText(start) ? t('xlsx.looks_like_text') : t('xlsx.not_zip'));
  } finally {
    await fh.close();
  }
}

function looksLikeText(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return !text.includes('\0') && !/[\x01-\x08\x0e-\x1f]/.test(text);
}

/**
 * The names in an OLE2 compound file's directory (enough to tell .xls from an encrypted .xlsx),
 * following the directory's sector chain through the FAT. Best effort: [] when unreadable.
 */
async function compoundFileNames(fh: import('node:fs/promises').FileHandle): Promise<string[]> {
  const read = async (pos: number, len: number): Promise<Buffer> => {
    const buf = Buffer.alloc(len);
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    return buf.subarray(0, bytesRead);
  };
  try {
    const header = await read(0, 512);
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return [];
    const size = 1 << shift;
    const sectorAt = (n: number) => (n + 1) * size;
    const difat = Array.from({ length: 109 }, (_v, i) => header.readUInt32LE(0x4c + i * 4));
    const fatCache = new Map<number, Buffer>();
    const nextSector = async (n: number): Promise<number> => {
      const perSector = size / 4;
      const fatIndex = Math.floor(n / perSector);
      const fatSector = difat[fatIndex];
      if (fatSector === undefined || fatSector >= 0xfffffffa) return 0xfffffffe;
      let fat = fatCache.get(fatIndex);
      if (!fat) fatCache.set(fatIndex, (fat = await read(sectorAt(fatSector), size)));
      return fat.length >= ((n % perSector) + 1) * 4 ? fat.readUInt32LE((n % perSector) * 4) : 0xfffffffe;
    };
    const names: string[] = [];
    let sector = header.readUInt32LE(0x30);
    for (let hops = 0; sector < 0xfffffffa && hops < 256; hops++) {
      const dir = await read(sectorAt(sector), size);
      for (let off = 0; off + 128 <= dir.length; off += 128) {
        const len = dir.readUInt16LE(off + 0x40);
        if (len >= 2 && len <= 64) names.push(dir.toString('utf16le', off, off + len - 2));
      }
      sector = await nextSector(sector);
    }
    return names;
  } catch {
    return [];
  }
}

function notXlsx(name: string, why: string, cause?: unknown): SmsctlError {
  return new SmsctlError('invalid', t('xlsx.not_xlsx', { name, why }), { code: 'NOT_XLSX', cause });
}

function emptySheet(name: string, sheet: string): SmsctlError {
  return invalidInput(t('xlsx.sheet_empty', { name, sheet }), 'XLSX_EMPTY');
}

function readFailure(err: unknown, readError: Error | undefined, reader: WorkbookReaderInternals, name: string): unknown {
  if (isSmsctlError(err)) return err;
  if (readError) return new SmsctlError('invalid', t('xlsx.cannot_read', { name, error: readError.message }), { code: 'XLSX_READ_FAILED', cause: readError });
  const e = err as NodeJS.ErrnoException;
  // A failing temp file (exceljs parks sheets in the temp directory) is not the workbook's fault.
  if (typeof e?.syscall === 'string') {
    return new SmsctlError('invalid', t('xlsx.could_not_read', { name, error: e.message }), { code: 'XLSX_READ_FAILED', cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (!reader.model && /reading 'sheets'/.test(message)) {
    return notXlsx(name, t('xlsx.no_workbook_part'), err);
  }
  return notXlsx(name, t('xlsx.damaged', { error: message }), err);
}

// ---------------------------------------------------------------------------------------------


