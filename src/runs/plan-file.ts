/**
 * plan.ndjson, three lines a batch: a JSON head, the numbers, the rows (both comma-joined
 * digits). The head gives the byte length of the two lines after it, so a reader takes a
 * 2,000,000-number line as one read into one buffer (no string grown chunk by chunk) and
 * steps over the lines it does not need (a send needs no rows) without reading them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { BatchHead, PlannedBatch } from '../send/plan.js';

/** The head line as written: `bytes` are the lengths of the numbers and rows lines, newline excluded. */
export type StoredHead = BatchHead & { bytes?: [number, number] };

/** The head line for a batch whose numbers and rows come in these comma-joined pieces. */
export function headLine(head: BatchHead, numbers: readonly string[], rows: readonly string[]): string {
  return `${JSON.stringify({ ...head, bytes: [joinedLength(numbers), joinedLength(rows)] })}\n`;
}

/** Pieces are digits and commas only: characters are bytes. */
function joinedLength(pieces: readonly string[]): number {
  let n = pieces.length > 0 ? pieces.length - 1 : 0;
  for (const p of pieces) n += p.length;
  return n;
}

const CHUNK = 1 << 20;

/** Sequential reads from a file: lines, or a known number of bytes, or a skip. */
class PlanReader {
  private buf = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private end = 0;
  /** File offset of buf[end]. */
  private pos = 0;

  constructor(private readonly fh: FileHandle) {}

  private async fill(): Promise<boolean> {
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, this.pos);
    this.end += bytesRead;
    this.pos += bytesRead;
    return bytesRead > 0;
  }

  /** The next line (utf8), or undefined at the end; a last line without its newline counts. */
  async line(): Promise<string | undefined> {
    let from = this.start;
    for (;;) {
      const nl = this.buf.indexOf(0x0a, from);
      if (nl !== -1 && nl < this.end) {
        const text = this.buf.toString('utf8', this.start, nl);
        this.start = nl + 1;
        return text;
      }
      from = this.end - this.start;
      if (!(await this.fill())) {
        if (this.start === this.end) return undefined;
        const text = this.buf.toString('utf8', this.start, this.end);
        this.start = this.end;
        return text;
      }
    }
  }

  /** Exactly `n` ASCII bytes and the newline after them; undefined when the file is cut short. */
  async exact(n: number): Promise<string | undefined> {
    const buffered = this.end - this.start;
    let text: string;
    if (n <= buffered) {
      text = this.buf.toString('latin1', this.start, this.start + n);
      this.start += n;
    } else {
      const out = Buffer.allocUnsafe(n);
      this.buf.copy(out, 0, this.start, this.end);
      let have = buffered;
      while (have < n) {
        const { bytesRead } = await this.fh.read(out, have, n - have, this.pos);
        if (bytesRead === 0) return undefined;
        have += bytesRead;
        this.pos += bytesRead;
      }
      this.start = this.end = 0;
      text = out.toString('latin1');
    }
    return (await this.newline()) ? text : undefined;
  }

  /** Steps over `n` bytes and the newline after them. */
  async skip(n: number): Promise<boolean> {
    const buffered = this.end - this.start;
    if (n <= buffered) this.start += n;
    else {
      this.pos += n - buffered;
      this.start = this.end = 0;
    }
    return this.newline();
  }

  private async newline(): Promise<boolean> {
    if (this.start === this.end && !(await this.fill())) return false;
    if (this.buf[this.start] !== 0x0a) return false;
    this.start++;
    return true;
  }
}

/** Batches of a plan file, in plan order, that `want` selects. */
export async function* readPlanFile(path: string, want: (index: number) => boolean, withRows: boolean): AsyncGenerator<PlannedBatch> {
  const fh = await open(path, 'r');
  try {
    const r = new PlanReader(fh);
    for (let index = 0; ; index++) {
      const line = await r.line();
      if (line === undefined || line === '') return;
      const { bytes, ...head } = JSON.parse(line) as StoredHead;
      const wanted = want(index);
      if (!bytes) {
        // A plan written before heads carried their lengths.
        const msisdns = await r.line();
        const rows = await r.line();
        if (msisdns === undefined || rows === undefined) return;
        if (wanted) yield { ...head, msisdns, rows: withRows || head.count === 0 ? rows : '' };
        continue;
      }
      const [numberBytes, rowBytes] = bytes;
      let msisdns = '';
      if (wanted) {
        const text = await r.exact(numberBytes);
        if (text === undefined) return;
        msisdns = text;
      } else if (!(await r.skip(numberBytes))) return;
      let rows = '';
      if (wanted && withRows) {
        const text = await r.exact(rowBytes);
        if (text === undefined) return;
        rows = text;
      } else if (!(await r.skip(rowBytes))) return;
      if (wanted) yield { ...head, msisdns, rows };
    }
  } finally {
    await fh.close();
  }
}
