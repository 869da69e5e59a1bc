/**
 * Reads a JSON object body straight from its bytes, leaving named top-level arrays unparsed: a
 * 2,000,000-number send (~30 MB) would otherwise exist three times at once (the bytes, a string
 * of them, and an array of two million strings). A LazyList keeps only where the array lies in
 * the body and parses one element at a time when iterated, so the numbers go from the bytes into
 * the sandbox's compact Uint32Array without the body ever being copied.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonScanError extends Error {}

/** A top-level array of the body, parsed element by element on iteration. */
export class LazyList implements Iterable<unknown> {
  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    readonly length: number,
  ) {}

  *[Symbol.iterator](): Iterator<unknown> {
    const { buf } = this;
    let i = skipWs(buf, this.start + 1);
    for (let n = 0; n < this.length; n++) {
      const end = valueEnd(buf, i);
      yield elementAt(buf, i, end);
      i = skipWs(buf, end);
      i = skipWs(buf, i + 1); // past the comma (or the closing bracket, after the last)
    }
  }
}

function elementAt(buf: Buffer, start: number, end: number): unknown {
  if (buf[start] === QUOTE && !hasBackslash(buf, start, end)) {
    return buf.toString('utf8', start + 1, end - 1);
  }
  return JSON.parse(buf.toString('utf8', start, end));
}

function hasBackslash(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === BACKSLASH) return true;
  return false;
}

function skipWs(buf: Buffer, i: number): number {
  while (i < buf.length) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function stringEnd(buf: Buffer, i: number): number {
  for (i++; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
    else if (c < 0x20) throw new JsonScanError('control character in a string');
  }
  throw new JsonScanError('unterminated string');
}

/** End (exclusive) of the value starting at `i`; structure only, JSON.parse checks the rest. */
function valueEnd(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return stringEnd(buf, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (; i < buf.length; i++) {
      const d = buf[i];
      if (d === QUOTE) i = stringEnd(buf, i) - 1;
      else if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        if (--depth === 0) return i + 1;
      }
    }
    throw new JsonScanError('unterminated object or array');
  }
  let j = i;
  while (j < buf.length) {
    const d = buf[j];
    if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  if (j === i) throw new JsonScanError('value expected');
  return j;
}

function parseSlice(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch {
    throw new JsonScanError('invalid value');
  }
}

function expect(buf: Buffer, i: number, byte: number): number {
  if (buf[i] !== byte) throw new JsonScanError(`expected ${String.fromCharCode(byte)}`);
  return i + 1;
}

/** Scans one array, checking every element, and returns it unparsed with its length. */
function scanArray(buf: Buffer, start: number): { list: LazyList; end: number } {
  let i = skipWs(buf, start + 1);
  let length = 0;
  if (buf[i] !== 0x5d) {
    for (;;) {
      const end = valueEnd(buf, i);
      // Plain strings need no parsing to be known valid; anything else is checked now, so
      // iterating later cannot fail half-way through a send.
      if (buf[i] !== QUOTE || hasBackslash(buf, i, end)) parseSlice(buf, i, end);
      length++;
      i = skipWs(buf, end);
      if (buf[i] === 0x5d) break;
      i = skipWs(buf, expect(buf, i, 0x2c));
    }
  }
  return { list: new LazyList(buf, start, length), end: i + 1 };
}

/**
 * The top-level object of `buf`, with arrays under `lazyKeys` as LazyLists. Throws JsonScanError
 * when the body is not a JSON object.
 */
export function scanObject(buf: Buffer, lazyKeys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = expect(buf, skipWs(buf, 0), 0x7b);
  i = skipWs(buf, i);
  if (buf[i] === 0x7d) i++;
  else {
    for (;;) {
      const keyEnd = stringEnd(buf, expect(buf, i, QUOTE) - 1);
      const key = parseSlice(buf, i, keyEnd) as string;
      i = skipWs(buf, expect(buf, skipWs(buf, keyEnd), 0x3a));
      let value: unknown;
      if (buf[i] === 0x5b && lazyKeys.includes(key)) {
        const a = scanArray(buf, i);
        value = a.list;
        i = a.end;
      } else {
        const end = valueEnd(buf, i);
        value = parseSlice(buf, i, end);
        i = end;
      }
      // defineProperty, as JSON.parse does: a "__proto__" key stays a plain property.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      i = skipWs(buf, i);
      if (buf[i] === 0x7d) {
        i++;
        break;
      }
      i = skipWs(buf, expect(buf, i, 0x2c));
    }
  }
  if (skipWs(buf, i) !== buf.length) throw new JsonScanError('data after the object');
  return out;
}
