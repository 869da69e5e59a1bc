/**
 * Opt-out lists (`send --exclude FILE`, a profile's exclude file): numbers that must never
 * get the message, such as customers who withdrew consent under the Thai PDPA.
 *
 * A file is a CSV with a header (the phone column is found as the send finds it) or one
 * number per line, detected by its first line: a line that is itself a number means a list.
 * Numbers are kept like the Deduper keeps them, as bits, but in chunks of 65,536 numbers that
 * stay sorted 16-bit arrays while sparse and become 8 KB bitmaps once dense: 1,000,000
 * scattered numbers cost about 2 MB, and no list can cost more than the whole Thai mobile
 * range as a bitmap (~37.5 MB), where a Set of strings would be 60+ MB for a million.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { invalidInput, isSmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { normalizePhone } from './phone.js';

export interface ExcludeSet {
  has(msisdn: string): boolean;
  readonly size: number;
}

export interface ExcludeFileStats {
  file: string;
  format: 'csv' | 'list';
  /** Rows or lines that held a number (duplicates included). */
  numbers: number;
  /** Rows or lines that are not a number and exclude nobody. */
  invalid: number;
}

export interface LoadedExcludes extends ExcludeSet {
  files: ExcludeFileStats[];
}

export interface LoadExcludesOptions {
  /** One line per file with lines that are not numbers (never dropped silently). */
  warn?: (line: string) => void;
  /** Reading a long list stops here when this aborts (Ctrl-C). */
  signal?: AbortSignal;
  onAbort?: () => Error;
}

const CHUNK_SHIFT = 16;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
/** Beyond this many entries a chunk's sorted array (2 bytes each) is no smaller than its bitmap. */
const ARRAY_MAX = 4096;
/** Canonical numbers: 66 + a 9-digit national number (below 2^30, so >>> is exact). */
const CANONICAL = /^66\d{9}$/;

/** The numbers of one 65,536-number chunk: a list while sparse, bits once dense. */
interface Chunk {
  list?: Uint16Array;
  length: number;
  bits?: Uint32Array;
}

export class ExcludeBitmap implements ExcludeSet {
  // Indexed by national number >>> 16: at most 15,259 chunks, allocated on first use.
  private readonly chunks: (Chunk | undefined)[] = [];
  private count = 0;
  private sealed = false;

  /** Adds a canonical 66XXXXXXXXX number; anything else is ignored (false). */
  add(msisdn: string): boolean {
    if (this.sealed) throw new Error('ExcludeBitmap.add after seal'); // i18n-ignore: a programming error
    if (!CANONICAL.test(msisdn)) return false;
    const n = Number(msisdn.slice(2));
    const hi = n >>> CHUNK_SHIFT;
    const lo = n & CHUNK_MASK;
    let chunk = this.chunks[hi];
    if (!chunk) this.chunks[hi] = chunk = { list: new Uint16Array(8), length: 0 };
    if (chunk.bits) {
      chunk.bits[lo >>> 5]! |= 1 << (lo & 31);
      return true;
    }
    let list = chunk.list!;
    if (chunk.length === list.length) {
      if (list.length >= ARRAY_MAX) {
        // Full: drop repeats first; still dense, it becomes a bitmap.
        chunk.length = compact(list, chunk.length);
        if (chunk.length > (ARRAY_MAX * 3) / 4) {
          toBits(chunk);
          chunk.bits![lo >>> 5]! |= 1 << (lo & 31);
          return true;
        }
      } else {
        const grown = new Uint16Array(Math.min(list.length * 2, ARRAY_MAX));
        grown.set(list);
        chunk.list = list = grown;
      }
    }
    list[chunk.length++] = lo;
    return true;
  }

  /** Sorts and trims every list and counts the distinct numbers; the set is read-only after. */
  seal(): this {
    if (this.sealed) return this;
    this.sealed = true;
    for (const chunk of this.chunks) {
      if (!chunk) continue;
      if (chunk.bits) {
        for (const word of chunk.bits) this.count += popcount(word);
      } else {
        chunk.length = compact(chunk.list!, chunk.length);
        chunk.list = chunk.list!.slice(0, chunk.length);
        this.count += chunk.length;
      }
    }
    return this;
  }

  has(msisdn: string): boolean {
    if (!this.sealed) this.seal();
    if (!CANONICAL.test(msisdn)) return false;
    const n = Number(msisdn.slice(2));
    const chunk = this.chunks[n >>> CHUNK_SHIFT];
    if (!chunk) return false;
    const lo = n & CHUNK_MASK;
    if (chunk.bits) return (chunk.bits[lo >>> 5]! & (1 << (lo & 31))) !== 0;
    const list = chunk.list!;
    let a = 0;
    let b = chunk.length - 1;
    while (a <= b) {
      const mid = (a + b) >>> 1;
      const v = list[mid]!;
      if (v === lo) return true;
      if (v < lo) a = mid + 1;
      else b = mid - 1;
    }
    return false;
  }

  get size(): number {
    if (!this.sealed) this.seal();
    return this.count;
  }
}

/** Sorts list[0, length) and removes repeats in place; returns the new length. */
function compact(list: Uint16Array, length: number): number {
  if (length === 0) return 0;
  const part = list.subarray(0, length).sort();
  let out = 1;
  for (let i = 1; i < length; i++) if (part[i] !== part[out - 1]) part[out++] = part[i]!;
  return out;
}

function toBits(chunk: Chunk): void {
  const bits = new Uint32Array(1 << (CHUNK_SHIFT - 5));
  const list = chunk.list!;
  for (let i = 0; i < chunk.length; i++) bits[list[i]! >>> 5]! |= 1 << (list[i]! & 31);
  chunk.bits = bits;
  chunk.list = undefined;
  chunk.length = 0;
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** A first line that is itself a number (valid or not) makes the file a list without header. */
export function looksLikeNumber(cell: string): boolean {
  const t = cell.trim();
  return normalizePhone(t).ok || /^[\s\d+\-.()]+$/.test(t) || /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i.test(t.replace(/\s/g, ''));
}

/**
 * Reads every exclude file into one set. A missing file stops with FILE_NOT_FOUND (exit 3)
 * before any is read; an empty file excludes nobody; lines that are not numbers are counted
 * and warned about once per file.
 */
export async function loadExcludes(files: readonly string[], options: LoadExcludesOptions = {}): Promise<LoadedExcludes> {
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) throw invalidInput(t('exclude.is_directory', { file }), 'NOT_A_FILE');
    if (!info?.isFile()) throw invalidInput(t('exclude.no_such_file', { file }), 'FILE_NOT_FOUND');
  }
  const set = new ExcludeBitmap();
  const stats: ExcludeFileStats[] = [];
  for (const file of files) {
    const s = await readInto(set, file, options);
    stats.push(s);
    if (s.invalid > 0) {
      const what = t(s.format === 'list' ? 'exclude.invalid_lines' : 'exclude.invalid_rows', { count: s.invalid, file });
      options.warn?.(t('input.warning', { text: what }));
    }
  }
  return Object.assign(set.seal(), { files: stats });
}

async function readInto(set: ExcludeBitmap, file: string, options: LoadExcludesOptions): Promise<ExcludeFileStats> {
  const { openCsv, findPhoneColumn, listColumns } = await import('./csv.js');
  const name = t('exclude.file_name', { file });
  const result: ExcludeFileStats = { file, format: 'list', numbers: 0, invalid: 0 };
  let source: Awaited<ReturnType<typeof openCsv>>;
  try {
    source = await openCsv(createReadStream(file), { name });
  } catch (error) {
    // An opt-out list nobody is on yet is a list, not a mistake.
    if (isSmsctlError(error) && error.code === 'CSV_EMPTY') return result;
    throw error;
  }
  const add = (value: string) => {
    const phone = normalizePhone(value);
    if (phone.ok) {
      set.add(phone.msisdn);
      result.numbers++;
    } else {
      result.invalid++;
    }
  };
  let column: string;
  const first = source.headers[0] ?? '';
  if (source.headers.length === 1 && looksLikeNumber(first)) {
    // No header: the first line is a number, and so is every line after it.
    column = first;
    add(first);
  } else {
    result.format = 'csv';
    try {
      column = findPhoneColumn(source.headers);
    } catch (error) {
      if (!isSmsctlError(error) || error.code !== 'PHONE_COLUMN_NOT_FOUND') throw error;
      throw invalidInput(t('exclude.no_phone_column', { name, columns: listColumns(source.headers) }), 'PHONE_COLUMN_NOT_FOUND');
    }
  }
  let seen = 0;
  for await (const record of source.records) {
    if (++seen % 1024 === 0 && options.signal?.aborted) throw options.onAbort?.() ?? new Error('aborted');
    add(record.values[column] ?? '');
  }
  return result;
}
