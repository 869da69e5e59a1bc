/**
 * Works around a race between exceljs's streaming reader and the zip parser it uses (unzipper
 * 0.10): the parser announces 'end' as soon as it has read the last byte of the archive, even
 * while entries it has already parsed still wait in its buffer. exceljs pauses the parser while
 * it handles one entry (parking a sheet in a temp file, reading the shared strings), takes that
 * early 'end' as "no more entries" and silently drops the rest: most often xl/workbook.xml,
 * which Excel and exceljs store after the sheets, so a good workbook was refused as "not an
 * Excel workbook", or a sheet went missing. It happens whenever reading the archive outruns
 * handling it, i.e. at random, and more often on a busy machine.
 *
 * The parser ends its readable side properly right after (push(null)), so Node itself emits the
 * real 'end' once the buffered entries have been taken; only the early one has to go.
 * Upstream: https://github.com/exceljs/exceljs/issues/3064 (open, unfixed in exceljs 4.4.0).
 */
import type { PassThrough, Readable } from 'node:stream';

/** Makes the zip parser that `input` gets piped into (by exceljs) end only once drained. */
export function endZipOnlyWhenDrained(input: PassThrough): void {
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    dropEarlyEnd(destination as unknown as Readable);
    return pipe(destination, options);
  };
}

function dropEarlyEnd(zip: Readable): void {
  // Only a readable (the zip parser) can end early; anything else is left as it is.
  if (typeof zip.readableLength !== 'number' || typeof zip.emit !== 'function') return;
  const emit = zip.emit;
  zip.emit = function (this: Readable, event: string | symbol, ...args: unknown[]): boolean {
    // Node sets readableEnded before it emits its own 'end'; an 'end' before that, with entries
    // still buffered, is the parser's early one. With nothing buffered it loses nothing: let it be.
    if (event === 'end' && !this.readableEnded && this.readableLength > 0) return false;
    return emit.call(this, event, ...args);
  } as Readable['emit'];
}
