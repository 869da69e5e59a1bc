/**
 * Contact files come in whatever encoding Excel saved them in. This turns their bytes into
 * UTF-8 bytes for the CSV reader, which splits bytes and decodes only the fields it uses:
 *
 * - UTF-8, with or without BOM ("CSV UTF-8"): passed through, checked but never decoded here;
 * - UTF-16 LE/BE with a BOM (Excel's "Unicode Text", TAB-separated): transcoded;
 * - Windows-874 / TIS-620 (Thai Excel's plain "CSV"): transcoded with Node's own decoder.
 *
 * Without `--encoding` the encoding is decided on the first bytes (64 KB to 1 MB, never the
 * whole file): a BOM says it; else text that is valid UTF-8 so far is UTF-8; else text whose
 * high bytes are all Thai letters and Windows-874 punctuation is Windows-874; anything else
 * stops with the byte offset. A UTF-8 file that turns invalid later stops where it does.
 */
import { isAscii, isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-874';

/** How the bytes turned out not to be text in the encoding read. */
export type EncodingProblem = 'unknown' | 'utf-8' | 'utf-16' | 'windows-874';

export class EncodingError extends Error {
  constructor(
    /** 'unknown': none of the encodings read; otherwise the encoding the bytes are not valid in. */
    readonly problem: EncodingProblem,
    /** 0-based offset in the file of the first byte that does not decode. */
    readonly offset: number,
    readonly byte: number | undefined,
    /** The encoding was given (`--encoding`) rather than detected. */
    readonly forced: boolean,
  ) {
    // i18n-ignore: a debug message; csv.ts words the error for the user
    super(`${problem} at byte offset ${offset}`);
  }
}

export interface DecodeInfo {
  /** The encoding read: set before the first chunk is yielded. */
  encoding?: TextEncodingName;
}

// Detection looks at least this far once a byte ≥ 0x80 has been seen …
const SNIFF_MIN = 64 * 1024;
// … and never further than this.
const SNIFF_MAX = 1024 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Yields the input as UTF-8 bytes (BOM removed), each chunk ending anywhere (a character may
 * be split between chunks; a split sequence is checked once its end arrives). On bytes that do
 * not decode, everything before them is yielded first, then an EncodingError is thrown, so the
 * reader can name the row. A stream that already yields strings is taken as text.
 */
export async function* toUtf8(input: AsyncIterable<Buffer | string>, info: DecodeInfo, forced?: TextEncodingName): AsyncGenerator<Buffer> {
  const it = input[Symbol.asyncIterator]();
  try {
    // Gather the first bytes to decide on.
    const head: Buffer[] = [];
    let headBytes = 0;
    let highSeen = false;
    let ended = false;
    for (;;) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = next.value;
      if (typeof chunk === 'string') {
        if (headBytes > 0) throw new TypeError('a stream that mixes strings and bytes'); // i18n-ignore: a programming error
        yield* fromStrings(chunk, it, info);
        return;
      }
      if (chunk.length === 0) continue;
      head.push(chunk);
      headBytes += chunk.length;
      if (!highSeen && !isAscii(chunk)) highSeen = true;
      if (forced && headBytes >= 3) break;
      if (headBytes >= SNIFF_MAX || (highSeen && headBytes >= SNIFF_MIN)) break;
      // A BOM decides at once.
      if (headBytes >= 3 && bomOf(head[0]!.length >= 3 ? head[0]! : Buffer.concat(head)) !== undefined) break;
    }
    const sample = head.length === 1 ? head[0]! : Buffer.concat(head);
    let encoding: TextEncodingName;
    let bomLength = 0;
    const bom = bomOf(sample);
    if (forced) {
      encoding = forced;
      if (bom && bom.encoding === forced) bomLength = bom.length;
    } else if (bom) {
      encoding = bom.encoding;
      bomLength = bom.length;
    } else {
      const bad = utf8ErrorAt(sample, 0, sample.length, ended);
      if (bad < 0) encoding = 'utf-8';
      else if (looksLikeWindows874(sample)) encoding = 'windows-874';
      else {
        if (bad > 0) yield sample.subarray(0, bad);
        // Valid UTF-8 characters before the bad byte: a UTF-8 file with a fault, not another encoding.
        throw new EncodingError(isAscii(sample.subarray(0, bad)) ? 'unknown' : 'utf-8', bad, sample[bad], false);
      }
    }
    info.encoding = encoding;
    const rest = async function* (): AsyncGenerator<Buffer> {
      yield bomLength ? sample.subarray(bomLength) : sample;
      if (ended) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        if (typeof next.value === 'string') throw new TypeError('a stream that mixes strings and bytes'); // i18n-ignore: a programming error
        yield next.value;
      }
    };
    const forcedFlag = forced !== undefined;
    if (encoding === 'utf-8') yield* checkUtf8(rest(), bomLength, forcedFlag);
    else if (encoding === 'windows-874') yield* fromWindows874(rest(), forcedFlag);
    else yield* fromUtf16(rest(), encoding, bomLength, forcedFlag);
  } finally {
    // Stopping early (or on an error) releases the input.
    await it.return?.();
  }
}

async function* fromStrings(first: string, it: AsyncIterator<Buffer | string>, info: DecodeInfo): AsyncGenerator<Buffer> {
  info.encoding = 'utf-8';
  const text = first.startsWith('\uFEFF') ? first.slice(1) : first;
  if (text) yield Buffer.from(text, 'utf8');
  for (;;) {
    const next = await it.next();
    if (next.done) return;
    const chunk = next.value;
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

function bomOf(buf: Uint8Array): { encoding: TextEncodingName; length: number } | undefined {
  if (buf.length >= 3 && buf[0] === UTF8_BOM[0] && buf[1] === UTF8_BOM[1] && buf[2] === UTF8_BOM[2]) return { encoding: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Windows-874 high bytes that real Thai text uses: the Thai letters, digits and signs
 * (0xA1–0xDA, 0xDF–0xFB), no-break space, and the few punctuation marks Windows adds
 * (€ … ‘ ’ “ ” • – —). C1 controls and the unassigned 0xDB–0xDE, 0xFC–0xFF are not text.
 */
function isWindows874Byte(b: number): boolean {
  return (b >= 0xa0 && b <= 0xda) || (b >= 0xdf && b <= 0xfb) || b === 0x80 || b === 0x85 || (b >= 0x91 && b <= 0x97);
}

function looksLikeWindows874(sample: Uint8Array): boolean {
  let thai = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x80) continue;
    if (!isWindows874Byte(b)) return false;
    if (b >= 0xa1) thai++;
  }
  return thai > 0;
}

/** Length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Offset of the first byte in buf[start, end) that starts an invalid UTF-8 sequence (as the
 * WHATWG decoder sees it: no overlongs, surrogates or code points above U+10FFFF), or -1.
 * A sequence cut off by `end` is invalid only when `final`.
 */
export function utf8ErrorAt(buf: Uint8Array, start: number, end: number, final: boolean): number {
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const size = sequenceLength(c);
    if (size === 0) return i;
    let lo = 0x80;
    let hi = 0xbf;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
    else if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
    for (let k = 1; k < size; k++) {
      if (i + k >= end) return final ? i : -1;
      const d = buf[i + k]!;
      if (d < lo || d > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += size;
  }
  return -1;
}

/** Bytes at the end of buf[start, end) that begin a sequence still waiting for its continuation bytes. */
function incompleteTail(buf: Uint8Array, start: number, end: number): number {
  let i = end - 1;
  const stop = Math.max(start, end - 3);
  while (i >= stop && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < start || i < stop) return 0;
  const size = sequenceLength(buf[i]!);
  return size > 1 && i + size > end ? end - i : 0;
}

async function* checkUtf8(chunks: AsyncIterable<Buffer>, bomLength: number, forced: boolean): AsyncGenerator<Buffer> {
  // Offset in the file of the next chunk's first byte.
  let offset = bomLength;
  // The start of a sequence the previous chunk ended in (1–3 bytes), checked with the next chunk.
  let tail: Buffer | undefined;
  const fail = (at: number, byte: number | undefined) => new EncodingError('utf-8', at, byte, forced);
  for await (const chunk of chunks) {
    let from = 0;
    if (tail) {
      const size = sequenceLength(tail[0]!);
      const need = Math.min(size - tail.length, chunk.length);
      const joined = Buffer.concat([tail, chunk.subarray(0, need)]);
      if (joined.length < size) {
        // Still incomplete (a tiny chunk); what it has so far must fit.
        if (utf8ErrorAt(joined, 0, joined.length, false) >= 0) throw fail(offset - tail.length, tail[0]);
        tail = joined;
        offset += chunk.length;
        yield chunk;
        continue;
      }
      if (utf8ErrorAt(joined, 0, joined.length, true) >= 0) throw fail(offset - tail.length, tail[0]);
      from = need;
      tail = undefined;
    }
    const cut = incompleteTail(chunk, from, chunk.length);
    const end = chunk.length - cut;
    if (!isUtf8(chunk.subarray(from, end))) {
      const bad = utf8ErrorAt(chunk, from, end, true);
      const at = bad < 0 ? end : bad;
      if (at > 0) yield chunk.subarray(0, at);
      throw fail(offset + at, chunk[at]);
    }
    if (cut) tail = Buffer.from(chunk.subarray(end));
    offset += chunk.length;
    yield chunk;
  }
  // The file ends inside a character.
  if (tail) throw fail(offset - tail.length, tail[0]);
}

// Decoded characters that are no Windows-874 text: C1 controls and the unassigned bytes (which
// Node maps to the private use area).
const NOT_WINDOWS_874 = /[\u0080-\u009f\uf8c1-\uf8c8]/;

async function* fromWindows874(chunks: AsyncIterable<Buffer>, forced: boolean): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('windows-874');
  let offset = 0;
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    const bad = text.search(NOT_WINDOWS_874);
    if (bad >= 0) {
      // One byte per character: the index is the offset in the chunk.
      if (bad > 0) yield Buffer.from(text.slice(0, bad), 'utf8');
      throw new EncodingError('windows-874', offset + bad, chunk[bad], forced);
    }
    offset += chunk.length;
    yield Buffer.from(text, 'utf8');
  }
}

async function* fromUtf16(chunks: AsyncIterable<Buffer>, encoding: 'utf-16le' | 'utf-16be', bomLength: number, forced: boolean): AsyncGenerator<Buffer> {
  // ignoreBOM: the BOM was already cut off (a second one is text, as in the other encodings).
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  let offset = bomLength;
  let odd = 0;
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // Where exactly: the first replacement character of a lenient decode (to the code unit).
      const seen = new TextDecoder(encoding, { ignoreBOM: true }).decode(chunk.subarray(odd));
      const bad = Math.max(0, seen.indexOf('\uFFFD'));
      if (bad > 0) yield Buffer.from(seen.slice(0, bad), 'utf8');
      throw new EncodingError('utf-16', offset + odd + 2 * bad, chunk[odd + 2 * bad], forced);
    }
    odd = (odd + chunk.length) % 2;
    offset += chunk.length;
    if (text) yield Buffer.from(text, 'utf8');
  }
  try {
    const last = decoder.decode();
    if (last) yield Buffer.from(last, 'utf8');
  } catch {
    throw new EncodingError('utf-16', offset - 1, undefined, forced);
  }
}
