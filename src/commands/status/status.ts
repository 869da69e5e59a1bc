import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, formatTable, emitResult, writeLine, plural } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError } from '../../errors.js';
import { stopError } from '../../cli/signals.js';
import { PROVIDER_NAMES, type MessageStatus, type Provider } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';

export interface StatusOptions {
  wait?: boolean;
  timeout?: number;
  json?: boolean;
}

export function registerStatus(program: Command, ctx: Context): void {
  program
    .command('status [ref]')
    .description('delivery status of a send (default: the last one) or of one message reference')
    .option('--wait', 'poll until no recipient is pending')
    .option('--timeout <seconds>', 'give up waiting after this long', (v) => positiveInt(v, '--timeout'), 120)
    .option('--json', 'print JSON')
    .action((ref: string | undefined, opts: StatusOptions) => runStatus(ref, opts, ctx));
}

export async function runStatus(ref: string | undefined, opts: StatusOptions, ctx: Context): Promise<void> {
  const { lastRunId } = await import('../../runs/store.js');
  const { resolveReferences } = await import('../../runs/references.js');
  let runId = ref;
  if (runId === undefined) {
    runId = await lastRunId(ctx.configDir);
    if (!runId) throw new SmsctlError('usage', 'no earlier send is recorded here; pass a message reference', { code: 'NO_SEND' });
  }
  const { run, references } = await resolveReferences(ctx, runId, 'to check');
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'status', 'status');
    const deadline = ctx.now().getTime() + (opts.timeout ?? 120) * 1000;
    let statuses = await fetchAll(provider, references);
    let polls = 0;
    while (opts.wait && isPending(statuses) && ctx.now().getTime() < deadline && !ctx.signal.aborted) {
      // A wait says why it waits: every few seconds, how many are still pending.
      if (polls++ % 5 === 0) {
        const left = Math.max(0, Math.round((deadline - ctx.now().getTime()) / 1000));
        writeLine(ctx.stderr, `Waiting: ${plural(pendingCount(statuses), 'recipient')} still pending; checking every second for up to ${left} s more (Ctrl-C stops).`);
      }
      await new Promise((r) => setTimeout(r, 1000));
      statuses = await fetchAll(provider, references);
    }
    const lost = statuses.filter((s) => s.status === 'not_found').length;
    if (lost) writeLine(ctx.stderr, `warning: ${formatNumber(lost)} of ${plural(statuses.length, 'message')} are not known to ${PROVIDER_NAMES[provider.id]} (expired, or never stored); the rest are shown`);
    const summary = aggregate(statuses);
    const total = statuses.reduce((n, s) => n + s.totalMsisdn, 0);
    if (opts.json) {
      emitResult(ctx, { runId: run?.header.id ?? null, provider: provider.id, profile: profile.name, total, summary, messages: statuses });
    } else {
      const head = run ? `Run ${run.header.id}` : `Message ${ref}`;
      writeLine(ctx.stdout, `${head} — ${PROVIDER_NAMES[provider.id]}, ${plural(total, 'recipient')} in ${plural(statuses.length, 'message')}`);
      const rows = Object.entries(summary).map(([status, count]) => [status, formatNumber(count)]);
      writeLine(ctx.stdout, formatTable(['STATUS', 'RECIPIENTS'], rows));
    }
    if (opts.wait && isPending(statuses)) {
      if (ctx.signal.aborted) throw stopError(ctx.signal, 'stopped waiting; the status above is the latest');
      throw new SmsctlError('timeout', `still pending after ${opts.timeout ?? 120} s; run it again, or wait longer with --timeout`, { code: 'STILL_PENDING' });
    }
  });
}

async function fetchAll(provider: Provider, references: string[]): Promise<MessageStatus[]> {
  const out: MessageStatus[] = new Array(references.length);
  let next = 0;
  // A few requests at a time: fast for hundreds of references, gentle on rate limits.
  const worker = async () => {
    while (next < references.length) {
      const i = next++;
      // One reference the provider no longer knows (expired, or lost by a sandbox killed mid-write)
      // must not hide the rest of the run.
      out[i] = await provider.status!(references[i]!).catch((error: unknown) => {
        if (error instanceof SmsctlError && error.code === 'PROVIDER_NOT_FOUND' && references.length > 1) {
          return { reference: references[i]!, status: 'not_found', totalMsisdn: 0, drSummary: [] };
        }
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, references.length) }, worker));
  return out;
}

function isPending(statuses: MessageStatus[]): boolean {
  return statuses.some((s) => s.status !== 'scheduled' && s.status !== 'cancelled' && s.status !== 'not_found' && (s.drSummary.length === 0 || s.drSummary.some((d) => d.status === 'pending' && d.count > 0)));
}

function pendingCount(statuses: MessageStatus[]): number {
  let n = 0;
  for (const s of statuses) {
    if (s.drSummary.length === 0 && s.status !== 'scheduled' && s.status !== 'cancelled' && s.status !== 'not_found') n += s.totalMsisdn;
    for (const d of s.drSummary) if (d.status === 'pending') n += d.count;
  }
  return n;
}

function aggregate(statuses: MessageStatus[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const s of statuses) {
    if (s.drSummary.length === 0) summary[s.status] = (summary[s.status] ?? 0) + s.totalMsisdn;
    for (const d of s.drSummary) summary[d.status] = (summary[d.status] ?? 0) + d.count;
  }
  return summary;
}
