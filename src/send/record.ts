/**
 * record stage: every send leaves a record under <config dir>/sends/, so `status` can find
 * its provider references later and a failed send states exactly who got nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from '../config/paths.js';
import { SmsctlError } from '../errors.js';
import type { ProviderId } from '../providers/types.js';
import type { RequestOutcome, RequestResult } from './execute.js';

export interface RecordedRequest {
  index: number;
  outcome: RequestOutcome;
  reference?: string;
  refNo?: string;
  recipients: number;
  rows: number[];
  msisdns: string[];
  rejected?: { msisdn: string; reason: string }[];
  error?: { code: string; message: string };
}

export interface SendRecord {
  sendId: string;
  profile: string;
  provider: ProviderId;
  sandbox: boolean;
  createdAt: string;
  scheduledAt?: string;
  requests: RecordedRequest[];
}

export function newSendId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function recordRequests(results: readonly RequestResult[]): RecordedRequest[] {
  return results.map(({ batch, outcome, result, error }) => ({
    index: batch.index,
    outcome,
    ...(result?.reference && { reference: result.reference }),
    ...(result?.refNo && { refNo: result.refNo }),
    recipients: batch.msisdns.length,
    rows: batch.rows,
    msisdns: batch.msisdns,
    ...(result?.rejected.length && { rejected: result.rejected }),
    ...(error && { error: { code: error.code, message: error.message } }),
  }));
}

function sendsDir(configDir: string): string {
  return ensurePrivateDir(join(configDir, 'sends'));
}

export async function saveRecord(configDir: string, record: SendRecord): Promise<{ path: string; unsentPath?: string }> {
  const dir = sendsDir(configDir);
  const path = join(dir, `${record.sendId}.json`);
  await writeAtomic(path, JSON.stringify(record));
  await writeFile(join(dir, 'last'), `${record.sendId}\n`, { mode: 0o600 });
  const unsent = unsentRows(record);
  if (unsent.length === 0) return { path };
  const unsentPath = join(dir, `${record.sendId}.unsent.csv`);
  const lines = ['row,msisdn,outcome,reason', ...unsent.map((u) => [u.row, u.msisdn, u.outcome, csvField(u.reason)].join(','))];
  await writeAtomic(unsentPath, `${lines.join('\n')}\n`);
  return { path, unsentPath };
}

/** Recipients who certainly or possibly got nothing, with why. */
export function unsentRows(record: SendRecord): { row: number; msisdn: string; outcome: string; reason: string }[] {
  const out: { row: number; msisdn: string; outcome: string; reason: string }[] = [];
  for (const req of record.requests) {
    if (req.outcome === 'sent') {
      for (const r of req.rejected ?? []) {
        const i = req.msisdns.indexOf(r.msisdn);
        out.push({ row: req.rows[i] ?? 0, msisdn: r.msisdn, outcome: 'rejected', reason: r.reason });
      }
      continue;
    }
    const reason =
      req.outcome === 'not_attempted' ? 'not attempted: the send stopped earlier' : (req.error?.message ?? req.outcome);
    req.msisdns.forEach((msisdn, i) => out.push({ row: req.rows[i] ?? 0, msisdn, outcome: req.outcome, reason }));
  }
  return out;
}

export async function loadRecord(configDir: string, id?: string): Promise<SendRecord> {
  const dir = join(configDir, 'sends');
  let sendId = id;
  if (!sendId) {
    sendId = (await readFile(join(dir, 'last'), 'utf8').catch(() => '')).trim();
    if (!sendId) throw new SmsctlError('usage', 'no earlier send is recorded here; pass a message reference', { code: 'NO_SEND' });
  }
  const text = await readFile(join(dir, `${sendId}.json`), 'utf8').catch(() => undefined);
  if (text === undefined) throw new SmsctlError('invalid', `no send recorded with id ${sendId}`, { code: 'NO_SEND' });
  return JSON.parse(text) as SendRecord;
}

export function isSendId(value: string): boolean {
  return /^\d{8}T\d{6}-[0-9a-f]{6}$/.test(value);
}

async function writeAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, path);
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
