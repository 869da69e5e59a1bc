/**
 * A recipient export: every page of one or more messages, streamed to stdout or a file as
 * the pages arrive (walkPages fetches the next while this one is written). Nothing is written
 * before the first page has answered, so a wrong reference leaves nothing behind. A stop
 * (Ctrl-C, or a page that still fails after the HTTP client's retries) says how many rows were
 * written and the --after cursor that continues after them.
 */
import type { Context } from '../cli/context.js';
import { emitResult, formatNumber, startJsonList, writeEnvelope, writeLine } from '../cli/output.js';
import { stopError } from '../cli/signals.js';
import { SmsctlError, isSmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { PROVIDER_NAMES, type DeliveryStatus, type Provider, type RecipientsPage } from '../providers/types.js';
import { exportProgress } from '../ui/export-progress.js';
import { csvFormat, jsonItemsFormat, ndjsonFormat, tableFormat, type ExportFormat, type RowFormat } from './formats.js';
import { walkPages, type PagePosition } from './pages.js';
import { fileSink, stdoutSink, type ExportSink } from './sink.js';

export const PAGE_SIZE = 50;

export interface ExportPlan {
  references: readonly string[];
  /** Each reference's recipient count as the run recorded it: the progress total until its summary arrives. */
  expected?: readonly number[];
  /** The document's head fields (`reference`, or `runId`). */
  head: Record<string, unknown>;
  start: PagePosition;
  status?: DeliveryStatus;
  search?: string;
  limit?: number;
  format: ExportFormat;
  output?: string;
  /** --json: the envelope on stdout (the rows' document itself, or, with --output, a summary of the export). */
  json: boolean;
  /** A run's export: a reference column. */
  withReference: boolean;
  /** A continuation (--after): no header line. */
  noHeader: boolean;
  /** The command that continues after `cursor`. */
  continueWith(cursor: string, written: number): string;
}

/** The --after value naming a position: the bare cursor for one message, `REFERENCE:CURSOR` in a run. */
export function cursorText(plan: Pick<ExportPlan, 'references' | 'withReference'>, p: PagePosition): string {
  return plan.withReference ? `${plan.references[p.index]}:${p.after}` : String(p.after);
}

function countOf(summary: RecipientsPage['summary'], status: DeliveryStatus | undefined): number {
  let n = 0;
  for (const s of summary) if (status === undefined || s.status === status) n += s.count;
  return n;
}

export async function exportRecipients(ctx: Context, provider: Provider, plan: ExportPlan): Promise<void> {
  const name = PROVIDER_NAMES[provider.id];
  const fetchPage = (reference: string, after: number) =>
    provider.recipients!(reference, { after, limit: PAGE_SIZE, status: plan.status, search: plan.search }, ctx.signal);
  const summaries = new Map<number, RecipientsPage['summary']>();
  const max = plan.limit ?? Infinity;
  const jsonDocument = plan.format === 'json';
  const toStdout = plan.output === undefined;
  // Rows on the terminal are their own progress; a bar between them would only garble them.
  const progress = toStdout && ctx.stdout.isTTY ? undefined : exportProgress(ctx);
  const total = (): number | undefined => {
    if (plan.search !== undefined && plan.search !== '') return undefined;
    let n = 0;
    for (let i = 0; i < plan.references.length; i++) {
      const s = summaries.get(i);
      if (s) n += countOf(s, plan.status);
      else if (plan.expected?.[i] !== undefined && plan.status === undefined) n += plan.expected[i]!;
      else return undefined;
    }
    return n;
  };
  const summary = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const s of summaries.values()) for (const { status, count } of s) out[status] = (out[status] ?? 0) + count;
    return out;
  };

  let sink: ExportSink | undefined;
  let rows: RowFormat | undefined;
  let written = 0;
  let resume: PagePosition | undefined = plan.start;
  let fileJsonCounter: { count: number } | undefined;
  const formatOptions = { withReference: plan.withReference, noHeader: plan.noHeader };

  const open = async (): Promise<void> => {
    sink = toStdout ? stdoutSink(ctx.stdout) : await fileSink(plan.output!);
    if (jsonDocument) {
      const counter = { count: 0 };
      if (toStdout) {
        startJsonList(ctx, 'recipients', plan.head);
        rows = jsonItemsFormat(formatOptions, ctx.jsonList!);
      } else {
        const fields = Object.entries(plan.head).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`);
        await sink.write(`{${fields.join('')}"recipients":[`);
        rows = jsonItemsFormat(formatOptions, counter);
        fileJsonCounter = counter;
      }
      return;
    }
    rows = plan.format === 'csv' ? csvFormat(formatOptions) : plan.format === 'ndjson' ? ndjsonFormat(formatOptions) : tableFormat(formatOptions);
    if (rows.header) await sink.write(rows.header);
  };

  try {
    for await (const { position, page, next } of walkPages(fetchPage, plan.references, plan.start, name, {
      speculate: plan.status === undefined && (plan.search ?? '') === '',
      pageSize: PAGE_SIZE,
    })) {
      summaries.set(position.index, page.summary);
      if (!sink) await open();
      let list = page.recipients;
      if (list.length > max - written) list = list.slice(0, max - written);
      const wait = sink!.write(rows!.page(list, plan.references[position.index]!));
      written += list.length;
      resume = written >= max ? undefined : next;
      if (wait) await wait;
      progress?.update(written, total());
      if (resume === undefined || ctx.signal.aborted || sink!.gone) break;
    }
  } catch (error) {
    progress?.stop();
    if (!sink) throw ctx.signal.aborted ? stopError(ctx.signal, t('export.nothing_written')) : error;
    await sink.abort();
    throw stopped(ctx, plan, error, written, resume, total(), jsonDocument && toStdout);
  }
  progress?.stop();
  if (ctx.signal.aborted && resume !== undefined) {
    await sink!.abort();
    throw stopped(ctx, plan, undefined, written, resume, total(), jsonDocument && toStdout);
  }
  if (sink!.gone) return; // the reader left (`| head`): nobody to tell
  if (jsonDocument && !toStdout) {
    const tail = `${fileJsonCounter!.count ? '\n' : ''}],"count":${written},"summary":${JSON.stringify(summary())},"ok":true}\n`;
    await sink!.write(tail);
  }
  await sink!.commit();

  const result = { count: written, summary: summary() };
  if (jsonDocument && toStdout) {
    emitResult(ctx, result);
    // `--format json` without --json: the document is still closed the way the entry point closes it.
    if (!plan.json) writeEnvelope(ctx);
  } else if (plan.json) emitResult(ctx, { ...plan.head, output: plan.output, format: plan.format, ...result });
  if (plan.output !== undefined) writeLine(ctx.stderr, t('export.done', { count: written, file: plan.output }));
  // Unfiltered and unlimited, the rows must add up to the provider's own count.
  const expected = total();
  if (plan.status === undefined && plan.limit === undefined && !plan.noHeader && expected !== undefined && expected !== written) {
    writeLine(ctx.stderr, t('export.count_mismatch', { provider: name, count: expected, written: formatNumber(written) }));
  }
}

/** The error a stopped export ends with: what was written, and how to go on from there. */
function stopped(ctx: Context, plan: ExportPlan, cause: unknown, written: number, resume: PagePosition | undefined, total: number | undefined, jsonOnStdout: boolean): SmsctlError {
  let detail: string;
  if (resume === undefined) detail = t('export.written', { count: written });
  else {
    const cursor = cursorText(plan, resume);
    const command = plan.continueWith(cursor, written);
    const counts = { written: formatNumber(written), total: total === undefined ? '' : formatNumber(total), command, file: plan.output ?? '' };
    if (plan.output === undefined) detail = t(total === undefined ? 'export.stopped.stdout' : 'export.stopped.stdout_of', counts);
    else detail = t(total === undefined ? 'export.stopped.file' : 'export.stopped.file_of', counts);
    if (jsonOnStdout) emitResult(ctx, { count: written, after: cursor });
  }
  const closeOwnDocument = jsonOnStdout && !plan.json;
  let error: SmsctlError;
  if (cause === undefined || ctx.signal.aborted) error = stopError(ctx.signal, detail);
  else if (isSmsctlError(cause)) {
    error = new SmsctlError(cause.kind, `${cause.message} — ${detail}`, {
      code: cause.code,
      status: cause.status,
      providerCode: cause.providerCode,
      providerMessage: cause.providerMessage,
      cause,
    });
  } else throw cause;
  if (closeOwnDocument) writeEnvelope(ctx, error.toJSON());
  return error;
}
