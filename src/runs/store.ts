/**
 * Runs on disk, under <config dir>/runs/<id>/:
 *   run.json       what was asked: profile, provider, sender, schedule, message, input hash, plan figures
 *   plan.ndjson    every batch, written as it is planned, in three lines: its JSON header (index,
 *                  text, count, parts, …), its numbers and its rows — the last two as plain
 *                  comma-separated digits, so a 2,000,000-number batch is never one JSON string
 *   skipped.ndjson input rows that are not sent (invalid, duplicate, excluded), with the reason
 *   input.csv      the input exactly as read, so a report can quote its columns later
 *   journal.ndjson each batch's state changes, appended and fsynced (see journal.ts)
 *   lock           held by the process sending the run
 * A directory without run.json is a plan that never finished: nothing of it was sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { once } from 'node:events';
import { ensurePrivateDir } from '../config/paths.js';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ProviderId, ProviderSendOptions, SendCallback } from '../providers/types.js';
import type { PlanSink, PlanStats, PlannedBatch } from '../send/plan.js';
import { readJournal, settledState, type JournalState } from './journal.js';
import { headLine, readPlanFile } from './plan-file.js';

export interface RunInput {
  kind: 'csv' | 'stdin' | 'list' | 'xlsx';
  /** File name as given, "stdin", or "--to". */
  name: string;
  sha256: string;
  columns: string[];
  phoneColumn?: string;
  /** How the CSV was read (so the report reads its copy the same way); the workbook's sheet. */
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

export interface RunHeader {
  version: 1;
  id: string;
  createdAt: string;
  profile: string;
  provider: ProviderId;
  sandbox: boolean;
  sender?: string;
  scheduledAt?: string;
  /** send --callback-url of runs planned before `options` held it: read as options.thaibulksms.callback. */
  callback?: SendCallback;
  /** The per-provider send options (callback, credit type, tag, …): a resumed run sends the same. */
  options?: ProviderSendOptions;
  /** send --group (ME-SMS): every request goes to this contact group instead of numbers. */
  contactGroupId?: number;
  /** send --template-id (ME-SMS): `message` and each batch's text are the variables (src/send/content.ts). */
  templateId?: string;
  /** send --personalise provider (SEPSMS): each batch's text holds its recipients' variables (src/send/personalise.ts). */
  personalise?: 'provider';
  /** The message as given, placeholders included. */
  message: string;
  input: RunInput;
  /** Input + message + profile: the same campaign started again has the same fingerprint. */
  fingerprint: string;
  maxPerRequest: number;
  /** --rate and --concurrency as given when the run started; a resume keeps them. */
  pace?: { rate?: string; concurrency?: number };
  /** `excluded` is absent from runs planned before opt-out lists existed (read it as 0). */
  stats: Omit<PlanStats, 'invalid' | 'excluded'> & { invalid: number; excluded?: number };
}

export const RUN_ID = /^\d{8}T\d{6}-[0-9a-f]{6}$/;

export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function runsDir(configDir: string): string {
  return join(configDir, 'runs');
}

export function runDir(configDir: string, id: string): string {
  return join(runsDir(configDir), id);
}

export function journalPath(configDir: string, id: string): string {
  return join(runDir(configDir, id), 'journal.ndjson');
}

/** What every request of the run carries besides numbers and text; older runs kept only a callback. */
export function sendOptionsOf(header: RunHeader): ProviderSendOptions | undefined {
  if (header.options) return header.options;
  return header.callback ? { thaibulksms: { callback: header.callback } } : undefined;
}

export function fingerprintOf(inputSha256: string, message: string, profile: string): string {
  return createHash('sha256').update(`${inputSha256}\n${profile}\n${message}`).digest('hex');
}

type Lock = import('../config/lock.js').Lock;

/** Takes the run's lock; a run being sent by another live process cannot be taken. */
export async function lockRun(configDir: string, id: string): Promise<Lock> {
  const { acquireLock } = await import('../config/lock.js');
  return acquireLock(join(runDir(configDir, id), 'lock'), { wait: false, what: t('run.what', { id }) });
}

async function fsyncFile(path: string): Promise<void> {
  const h = await open(path, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function fsyncDir(path: string): Promise<void> {
  // Makes a rename durable; some file systems refuse to open a directory, which is fine.
  await fsyncFile(path).catch(() => undefined);
}

/** A run being planned: its files fill as the plan streams; `seal` makes it a run. */
export class RunDraft {
  private readonly plan: WriteStream;
  private readonly skippedOut: WriteStream;
  private inputCopy?: WriteStream;
  private readonly hash = createHash('sha256');

  private constructor(
    readonly id: string,
    readonly dir: string,
    readonly lock: Lock,
  ) {
    this.plan = createWriteStream(join(dir, 'plan.ndjson'), { mode: 0o600 });
    this.skippedOut = createWriteStream(join(dir, 'skipped.ndjson'), { mode: 0o600 });
  }

  static async create(configDir: string, now: Date): Promise<RunDraft> {
    ensurePrivateDir(runsDir(configDir));
    await removeAbandonedDrafts(configDir);
    const id = newRunId(now);
    const dir = ensurePrivateDir(runDir(configDir, id));
    const lock = await lockRun(configDir, id);
    return new RunDraft(id, dir, lock);
  }

  /** Hashes the raw input and keeps a copy of it as it streams past. */
  tapInput(copyName = 'input.csv'): Transform {
    this.inputCopy = createWriteStream(join(this.dir, copyName), { mode: 0o600 });
    const copy = this.inputCopy;
    const hash = this.hash;
    return new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        if (copy.write(chunk)) done(null, chunk);
        else copy.once('drain', () => done(null, chunk));
      },
    });
  }

  /** For --to lists: the numbers are the input. */
  async writeListInput(numbers: readonly string[]): Promise<void> {
    const text = `phone\n${numbers.join('\n')}\n`;
    this.hash.update(text);
    await writeFile(join(this.dir, 'input.csv'), text, { mode: 0o600 });
  }

  inputSha256(): string {
    return this.hash.copy().digest('hex');
  }

  sink(): PlanSink {
    const write = async (stream: WriteStream, line: string) => {
      if (!stream.write(line)) await once(stream, 'drain');
    };
    return {
      batch: async (head, numbers, rows) => {
        await write(this.plan, headLine(head, numbers, rows));
        for (const pieces of [numbers, rows]) {
          for (let i = 0; i < pieces.length; i++) await write(this.plan, i === 0 ? pieces[i]! : `,${pieces[i]!}`);
          await write(this.plan, '\n');
        }
      },
      skipped: (row, outcome, reason) => write(this.skippedOut, `${JSON.stringify({ row, outcome, reason })}\n`),
    };
  }

  private async endStreams(): Promise<void> {
    const streams = [this.plan, this.skippedOut, ...(this.inputCopy ? [this.inputCopy] : [])];
    await Promise.all(streams.map((s) => (s.writableFinished ? undefined : new Promise<void>((resolve) => s.end(resolve)))));
  }

  /** The plan is durable before run.json names it: fsync the plan, then write run.json atomically. */
  async seal(header: RunHeader): Promise<void> {
    await this.endStreams();
    for (const f of ['plan.ndjson', 'skipped.ndjson']) await fsyncFile(join(this.dir, f));
    await writeAtomic(join(this.dir, 'run.json'), `${JSON.stringify(header, null, 2)}\n`);
    await fsyncDir(this.dir);
    await writeFile(join(this.dir, '..', 'last'), `${this.id}\n`, { mode: 0o600 });
  }

  /** Nothing was sent: leave no trace, so a later run of the same list is not taken for a rerun. */
  async discard(): Promise<void> {
    await this.endStreams().catch(() => undefined);
    await this.lock.release();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** How old a plan without run.json and without a live planner must be before it is removed. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Plans whose process died before sealing them (kill -9 while reading a huge list): nothing
 * of them was sent. The age check keeps a draft that another process has just created.
 */
async function removeAbandonedDrafts(configDir: string): Promise<void> {
  const { readLockHolder } = await import('../config/lock.js');
  const names = await readdir(runsDir(configDir)).catch(() => [] as string[]);
  for (const name of names.filter((n) => RUN_ID.test(n))) {
    const dir = runDir(configDir, name);
    const sealed = await stat(join(dir, 'run.json')).then(() => true, () => false);
    if (sealed) continue;
    const info = await stat(dir).catch(() => undefined);
    if (!info || Date.now() - info.mtimeMs < ABANDONED_AFTER_MS) continue;
    if ((await readLockHolder(join(dir, 'lock'))) !== undefined) continue;
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  const h = await open(tmp, 'w', 0o600);
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(tmp, path);
}

export async function loadHeader(configDir: string, id: string): Promise<RunHeader> {
  const text = await readFile(join(runDir(configDir, id), 'run.json'), 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new SmsctlError('invalid', t('run.not_found', { id }), { code: 'RUN_NOT_FOUND' });
  }
  return JSON.parse(text) as RunHeader;
}

/** Run ids, newest first; only runs whose plan was completed. */
export async function listRunIds(configDir: string): Promise<string[]> {
  const names = await readdir(runsDir(configDir)).catch(() => [] as string[]);
  const ids: string[] = [];
  for (const name of names.filter((n) => RUN_ID.test(n)).sort().reverse()) {
    const ok = await readFile(join(runDir(configDir, name), 'run.json'), 'utf8').then(() => true, () => false);
    if (ok) ids.push(name);
  }
  return ids;
}

/** Batches of the plan, in plan order, that `want` selects. */
export function readPlan(
  configDir: string,
  id: string,
  want: (index: number) => boolean = () => true,
  /** Sending needs no rows: a 2,000,000-number batch's rows are 16 MB. */
  withRows = true,
): AsyncGenerator<PlannedBatch> {
  return readPlanFile(join(runDir(configDir, id), 'plan.ndjson'), want, withRows);
}

export interface Tally {
  requests: number;
  recipients: number;
}

export interface RunTally {
  sent: Tally;
  failed: Tally;
  unknown: Tally;
  notSent: Tally;
  /** Numbers the provider refused inside accepted requests. */
  rejectedByProvider: number;
}

export function tallyRun(header: RunHeader, journal: JournalState): RunTally {
  const t: RunTally = {
    sent: { requests: 0, recipients: 0 },
    failed: { requests: 0, recipients: 0 },
    unknown: { requests: 0, recipients: 0 },
    notSent: { requests: 0, recipients: 0 },
    rejectedByProvider: 0,
  };
  let seen = 0;
  let seenRecipients = 0;
  for (const i of journal.indices()) {
    const s = settledState(journal.state(i));
    const n = journal.recipients(i);
    const bucket = s === 'sent' ? t.sent : s === 'failed' ? t.failed : s === 'unknown' ? t.unknown : t.notSent;
    bucket.requests++;
    bucket.recipients += n;
    if (s === 'sent') t.rejectedByProvider += journal.rejected(i);
    seen++;
    seenRecipients += n;
  }
  t.notSent.requests += header.stats.batches - seen;
  t.notSent.recipients += header.stats.valid - seenRecipients;
  t.sent.recipients -= t.rejectedByProvider;
  return t;
}

/** What a pass over the run sends: not sent yet, failed, and unknown only when asked. */
export function owed(t: RunTally, resendUnknown: boolean): Tally {
  const parts = [t.notSent, t.failed, ...(resendUnknown ? [t.unknown] : [])];
  return { requests: parts.reduce((n, p) => n + p.requests, 0), recipients: parts.reduce((n, p) => n + p.recipients, 0) };
}

export type RunStatus = 'running' | 'complete' | 'unfinished' | 'closed';

export async function runStatusOf(configDir: string, id: string, tally: RunTally, journal: JournalState): Promise<{ status: RunStatus; pid?: number }> {
  const { readLockHolder } = await import('../config/lock.js');
  const pid = await readLockHolder(join(runDir(configDir, id), 'lock'));
  if (pid !== undefined) return { status: 'running', pid };
  const open = tally.failed.requests + tally.unknown.requests + tally.notSent.requests;
  return { status: open === 0 ? 'complete' : journal.closed ? 'closed' : 'unfinished' };
}

/**
 * Marks a run as finished with what it has: `--resume` will not send the rest, and the same
 * list and message may be sent as a new run. Takes the run's lock, so a run being sent
 * cannot be closed under its sender.
 */
export async function closeRun(configDir: string, id: string, reason: string): Promise<void> {
  const lock = await lockRun(configDir, id);
  try {
    const { JournalLog } = await import('./journal.js');
    const log = await JournalLog.open(journalPath(configDir, id));
    await log.append({ e: 'close', t: Date.now(), reason });
    await log.close();
  } finally {
    await lock.release();
  }
}

export interface RunView {
  header: RunHeader;
  journal: JournalState;
  tally: RunTally;
  status: RunStatus;
  pid?: number;
}

export async function viewRun(configDir: string, id: string, keepAll = false): Promise<RunView> {
  const header = await loadHeader(configDir, id);
  const journal = await readJournal(journalPath(configDir, id), header.stats.batches, keepAll ? () => true : undefined);
  const tally = tallyRun(header, journal);
  const { status, pid } = await runStatusOf(configDir, id, tally, journal);
  return { header, journal, tally, status, pid };
}

/** What `runs list` and the rerun check need of a run: no per-batch state. */
export type RunBrief = Omit<RunView, 'journal'>;

/**
 * A run that is complete or closed can no longer change, so its tally is kept beside the
 * journal (settled.json): listing runs, or checking a new send against earlier ones, then
 * reads a few hundred bytes per run instead of journals of tens of MB. The journal's size is
 * part of it; a journal that grew since (a later resume or lookup) is read again.
 */
interface Settled {
  status: 'complete' | 'closed';
  journalBytes: number;
  tally: RunTally;
}

function settledPath(configDir: string, id: string): string {
  return join(runDir(configDir, id), 'settled.json');
}

/** Records a settled run's tally; anything else (running, unfinished) is not cached. */
export async function rememberSettled(configDir: string, id: string, status: RunStatus, tally: RunTally): Promise<void> {
  if (status !== 'complete' && status !== 'closed') return;
  const journalBytes = await stat(journalPath(configDir, id)).then((s) => s.size, () => 0);
  const settled: Settled = { status, journalBytes, tally };
  await writeAtomic(settledPath(configDir, id), `${JSON.stringify(settled)}\n`).catch(() => undefined);
}

export async function briefRun(configDir: string, id: string): Promise<RunBrief> {
  const header = await loadHeader(configDir, id);
  const cached = await readFile(settledPath(configDir, id), 'utf8').then((t) => JSON.parse(t) as Settled, () => undefined);
  if (cached) {
    const bytes = await stat(journalPath(configDir, id)).then((s) => s.size, () => -1);
    if (bytes === cached.journalBytes) return { header, tally: cached.tally, status: cached.status };
  }
  const { journal: _journal, ...view } = await viewRun(configDir, id);
  await rememberSettled(configDir, id, view.status, view.tally);
  return view;
}

export async function lastRunId(configDir: string): Promise<string | undefined> {
  const id = (await readFile(join(runsDir(configDir), 'last'), 'utf8').catch(() => '')).trim();
  return RUN_ID.test(id) ? id : (await listRunIds(configDir))[0];
}
