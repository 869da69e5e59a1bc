/**
 * The per-row report: one CSV row per input row, in input order — row number, the input's
 * own columns, the normalised number, the outcome (sent, invalid, duplicate, excluded,
 * failed, unknown, not_sent), the provider's message id where known, and the reason. Built from
 * the journal alone (the run keeps a copy of its input), so it can be written at any time.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { rename } from 'node:fs/promises';
import type { Context } from '../cli/context.js';
import { normalizePhone } from '../core/phone.js';
import { invalidInput } from '../errors.js';
import { t, tEn } from '../i18n/index.js';
import { REPORT_COLUMNS } from '../send/inputs.js';
import { readJournal, settledState } from './journal.js';
import type { TextEncodingName } from '../core/decode.js';
import { readPlan, runDir, type RunHeader } from './store.js';

/** `excluded`: on an exclude list (opt-out) when the run was planned; never sent. */
export type RowOutcome = 'sent' | 'invalid' | 'duplicate' | 'excluded' | 'failed' | 'unknown' | 'not_sent';

export async function writeReport(ctx: Context, header: RunHeader, file: string): Promise<{ rows: number }> {
  const dir = runDir(ctx.configDir, header.id);
  const journal = await readJournal(join(dir, 'journal.ndjson'), header.stats.batches, () => true);

  // Row → batch index + 1 (0: not in any batch), in flat memory whatever the list's size.
  const rowBatch = new Int32Array(header.stats.maxRow + 1);
  const messageIds = new Map<string, string>();
  for await (const batch of readPlan(ctx.configDir, header.id)) {
    if (batch.count === 0) continue;
    for (const r of batch.rows.split(',')) rowBatch[Number(r)] = batch.index + 1;
  }
  const refused = new Map<string, string>();
  for (const i of journal.indices()) {
    const d = journal.detail(i);
    if (d?.s !== 'sent') continue;
    for (const [msisdn, id] of d.ids ?? []) messageIds.set(msisdn, id);
    for (const [msisdn, reason] of d.rejected ?? []) refused.set(msisdn, reason);
  }
  const skipped = new Map<number, { outcome: RowOutcome; reason: string }>();
  const skippedInput = createReadStream(join(dir, 'skipped.ndjson'), { encoding: 'utf8' });
  for await (const line of createInterface({ input: skippedInput, crlfDelay: Infinity })) {
    if (!line) continue;
    const s = JSON.parse(line) as { row: number; outcome: RowOutcome; reason: string };
    skipped.set(s.row, { outcome: s.outcome, reason: s.reason });
  }

  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  const failure = new Promise<never>((_, reject) => out.once('error', reject));
  failure.catch(() => undefined);
  let buffer = '';
  const write = async (line: string) => {
    buffer += line;
    // Many rows per write() call: a million-row report is not a million system calls.
    if (buffer.length > 1 << 16) {
      const chunk = buffer;
      buffer = '';
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failure]);
    }
  };
  const columns = header.input.columns;
  await write(`${['row', ...columns, ...REPORT_COLUMNS].map(csvField).join(',')}\n`);

  const source = await openRunInput(dir, header);
  const phoneColumn = header.input.phoneColumn ?? 'phone';
  let rows = 0;
  for await (const record of source.records) {
    rows++;
    const raw = record.values[phoneColumn] ?? '';
    const phone = normalizePhone(raw);
    const number = phone.ok ? phone.msisdn : '';
    let outcome: RowOutcome;
    let messageId = '';
    let reason = '';
    const skip = skipped.get(record.row);
    const b = rowBatch[record.row] ?? 0;
    if (skip) {
      ({ outcome, reason } = skip);
    } else if (b === 0) {
      // Rows a report fed back to send left out, or beyond what was planned.
      outcome = 'not_sent';
      reason = tEn('run.report.not_in_run');
    } else {
      const i = b - 1;
      const s = settledState(journal.state(i));
      const d = journal.detail(i);
      if (s === 'sent' && d?.s === 'sent') {
        const refusedWhy = refused.get(number);
        if (refusedWhy !== undefined) {
          outcome = 'failed';
          reason = tEn('run.report.refused', { reason: refusedWhy });
        } else {
          outcome = 'sent';
          messageId = messageIds.get(number) ?? d.ref ?? '';
          if (d.resolvedBy) reason = tEn('run.report.found_in', { source: d.resolvedBy });
        }
      } else if (s === 'failed' || s === 'unknown') {
        outcome = s;
        reason = d && (d.s === 'failed' || d.s === 'unknown') ? d.error.message : s === 'unknown' ? tEn('run.in_flight') : '';
      } else {
        outcome = 'not_sent';
        reason = tEn('run.report.not_attempted');
      }
    }
    const values = columns.map((c) => record.values[c] ?? '');
    await write(`${[String(record.row), ...values, number, outcome, messageId, reason, header.id].map(csvField).join(',')}\n`);
  }
  if (buffer) out.write(buffer);
  out.end();
  await Promise.race([once(out, 'finish'), failure]).catch((e: NodeJS.ErrnoException) => {
    throw invalidInput(`--report ${file}: ${e.code === 'ENOENT' ? t('run.no_such_directory') : e.message}`, 'REPORT_WRITE_FAILED');
  });
  await rename(tmp, file);
  return { rows };
}

/** The run's copy of its input, read exactly as the send read it: same reader, encoding, delimiter, sheet. */
async function openRunInput(dir: string, header: RunHeader) {
  const name = t('run.input_name', { id: header.id });
  const { kind, encoding, delimiter, sheet } = header.input;
  if (kind === 'xlsx') {
    const { openXlsx } = await import('../core/xlsx.js');
    return openXlsx(join(dir, 'input.xlsx'), { sheet, name });
  }
  const { openCsv } = await import('../core/csv.js');
  return openCsv(createReadStream(join(dir, 'input.csv')), { name, encoding: encoding as TextEncodingName | undefined, delimiter });
}

function csvField(value: string): string {
  // A leading = + - @ would run as a formula when the report is opened in Excel.
  const safe = /^[=+\-@]/.test(value) && !/^[+-]?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
