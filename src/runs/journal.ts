/**
 * The run journal: an append-only NDJSON file per run, one line per change of a batch's
 * state, each written and fsynced before the change takes effect (a batch is "started"
 * on disk before its bytes leave). Plain files rather than an embedded database: appends
 * of a line are what a crash can cut short, a cut line is detectable and dropped, the files
 * stream in flat memory, and nothing needs installing beyond Node.
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { t } from '../i18n/index.js';

export type BatchState = 'started' | 'deferred' | 'sent' | 'failed' | 'unknown';

export interface ErrorInfo {
  kind: string;
  code: string;
  message: string;
}

export type JournalEvent =
  | { e: 'start'; t: number; pid: number; resume: boolean }
  | { e: 'stop'; t: number; reason: string }
  /** Nothing more is to be sent for this run (the user accepted what is left, or a report took it over). */
  | { e: 'close'; t: number; reason: string }
  | { i: number; s: 'started'; t: number; n: number; attempt: number }
  | { i: number; s: 'deferred'; t: number; n: number; why: string }
  | {
      i: number;
      s: 'sent';
      t: number;
      n: number;
      ref?: string;
      refNo?: string;
      /** Numbers the provider refused inside the accepted request. */
      rejected?: [string, string][];
      /** Per-number message ids, where the provider gives them (ThaiBulkSMS). */
      ids?: [string, string][];
      blocked?: number;
      /** How an unknown batch was found to have been sent, when it was. */
      resolvedBy?: string;
    }
  | { i: number; s: 'failed' | 'unknown'; t: number; n: number; error: ErrorInfo };

export type BatchEvent = Extract<JournalEvent, { i: number }>;

/**
 * Appends events with group commit: lines that arrive while a write+fsync is under way go
 * out together in the next one, so four requests in flight cost one fsync, not four.
 */
export class JournalLog {
  private pending: { line: string; done: (error?: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly onAppend?: (event: JournalEvent) => void,
  ) {}

  /** `onAppend` sees every event as it is appended (to keep a state in memory up to date). */
  static async open(path: string, onAppend?: (event: JournalEvent) => void): Promise<JournalLog> {
    const handle = await open(path, 'a+', 0o600);
    // A crash mid-append leaves a cut last line; start ours on a fresh line so it stays readable.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.write('\n');
    }
    return new JournalLog(handle, onAppend);
  }

  append(event: JournalEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error(t('run.journal_closed')));
    this.onAppend?.(event);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(event)}\n`, done: (error) => (error ? reject(error) : resolve()) });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        await this.handle.write(group.map((p) => p.line).join(''));
        await this.handle.datasync();
        for (const p of group) p.done();
      } catch (error) {
        for (const p of group) p.done(error);
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushing) await this.flushing;
    this.closed = true;
    await this.handle.close();
  }
}

const CODES: Record<BatchState, number> = { started: 1, deferred: 2, sent: 3, failed: 4, unknown: 5 };
const STATES: readonly (BatchState | undefined)[] = [undefined, 'started', 'deferred', 'sent', 'failed', 'unknown'];

/**
 * Every batch's last state in typed arrays (a 1,500,000-batch run costs 7.5 MB), and the
 * full last event of the batches a caller asked to keep (references, ids, errors).
 */
export interface JournalState {
  readonly size: number;
  state(index: number): BatchState | undefined;
  recipients(index: number): number;
  /** The last event of a kept batch. */
  detail(index: number): BatchEvent | undefined;
  /** Numbers the provider refused inside the batch's accepted request. */
  rejected(index: number): number;
  /** Takes a new event into account; `keep` as for readJournal. */
  apply(event: BatchEvent, keep: boolean): void;
  /** Indices of the batches that have a state, in order. */
  indices(): Generator<number>;
  starts: number;
  lastStop?: { t: number; reason: string };
  closed?: { t: number; reason: string };
}

class TypedJournalState implements JournalState {
  private codes: Uint8Array;
  private counts: Uint32Array;
  readonly details = new Map<number, BatchEvent>();
  private readonly rejectedCounts = new Map<number, number>();
  starts = 0;
  lastStop?: { t: number; reason: string };
  closed?: { t: number; reason: string };

  constructor(readonly size: number) {
    this.codes = new Uint8Array(size);
    this.counts = new Uint32Array(size);
  }

  apply(event: BatchEvent, keep: boolean): void {
    // A journal from a larger plan cannot happen; growing keeps a damaged one readable.
    if (event.i >= this.codes.length) this.grow(event.i + 1);
    this.codes[event.i] = CODES[event.s];
    this.counts[event.i] = event.n;
    if (keep) this.details.set(event.i, event);
    else this.details.delete(event.i);
    if (event.s === 'sent' && event.rejected?.length) this.rejectedCounts.set(event.i, event.rejected.length);
  }

  rejected(index: number): number {
    return this.rejectedCounts.get(index) ?? 0;
  }

  private grow(size: number): void {
    const codes = new Uint8Array(size);
    codes.set(this.codes);
    const counts = new Uint32Array(size);
    counts.set(this.counts);
    this.codes = codes;
    this.counts = counts;
    (this as { size: number }).size = size;
  }

  state(index: number): BatchState | undefined {
    return STATES[this.codes[index] ?? 0];
  }

  recipients(index: number): number {
    return this.counts[index] ?? 0;
  }

  detail(index: number): BatchEvent | undefined {
    return this.details.get(index);
  }

  *indices(): Generator<number> {
    for (let i = 0; i < this.codes.length; i++) if (this.codes[i] !== 0) yield i;
  }
}

/** The state of a run nothing has been recorded for yet. */
export function emptyJournal(batches: number): JournalState {
  return new TypedJournalState(batches);
}

/**
 * Reads a journal back. `keep` decides which batches keep their full last event (ids and
 * references can be large); the rest keep only their state and size.
 */
export const KEEP_ALL_BUT_SENT = (s: BatchState): boolean => s !== 'sent';

export async function readJournal(path: string, batches: number, keep: (state: BatchState) => boolean = KEEP_ALL_BUT_SENT): Promise<JournalState> {
  const state = new TypedJournalState(batches);
  const exists = await stat(path).then(() => true, (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? false : Promise.reject(e)));
  if (!exists) return state;
  const input = createReadStream(path, { encoding: 'utf8' });
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line === '') continue;
    let event: JournalEvent;
    try {
      event = JSON.parse(line) as JournalEvent;
    } catch {
      // Only a crash mid-append can cut a line, and only the line being written.
      continue;
    }
    if ('e' in event) {
      if (event.e === 'start') state.starts++;
      else if (event.e === 'close') state.closed = { t: event.t, reason: event.reason };
      else state.lastStop = { t: event.t, reason: event.reason };
      continue;
    }
    if (!Number.isInteger(event.i) || event.i < 0 || !(event.s in CODES)) continue;
    state.apply(event, keep(event.s));
  }
  return state;
}

export type Settled = 'not_sent' | 'sent' | 'failed' | 'unknown';

/**
 * What a batch's journal state means for the next attempt. Unknown covers both "answered
 * with an unknown outcome" and "started, then the process died before the answer".
 */
export function settledState(state: BatchState | undefined): Settled {
  switch (state) {
    case undefined:
    case 'deferred':
      return 'not_sent';
    case 'sent':
      return 'sent';
    case 'failed':
      return 'failed';
    case 'started':
    case 'unknown':
      return 'unknown';
  }
}
