import type { Command } from 'commander';
import { SmsctlError, usageError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { formatNumber, writeJson, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { PROVIDER_NAMES, type BalanceResult } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';

export interface SendOptions {
  to?: string[];
  csv?: string;
  message?: string;
  messageFile?: string;
  sender?: string;
  phoneColumn?: string;
  schedule?: string;
  batchSize?: number;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function registerSend(program: Command, ctx: Context): void {
  program
    .command('send')
    .description('send an SMS to numbers given with --to or to every row of a CSV file')
    .option('--to <numbers>', 'comma-separated numbers (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--csv <file>', 'CSV file with a header row ("-" reads stdin)')
    .option('-m, --message <text>', 'message text; {{column}} is filled from the CSV row')
    .option('--message-file <file>', 'read the message from a UTF-8 file')
    .option('--sender <name>', 'sender name (default: the profile\'s)')
    .option('--phone-column <name>', 'CSV column holding the numbers (default: found by name)')
    .option('--schedule <time>', 'send later: ISO 8601 with offset, or local Bangkok time "2026-12-01 10:00"')
    .option('--batch-size <n>', 'recipients per request (at most the provider limit)', (v) => positiveInt(v, '--batch-size'))
    .option('--dry-run', 'check everything and print the summary, send nothing')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--json', 'print one JSON object on stdout')
    .action((opts: SendOptions) => runSend(opts, ctx));
}

export async function runSend(opts: SendOptions, ctx: Context): Promise<void> {
  const { readMessage, openRecipients, checkSender } = await import('../../send/inputs.js');
  const message = await readMessage(opts);
  await withSession(ctx, async ({ provider, profile, sandboxUrl }) => {
    requireFeature(provider, 'send', 'send');
    const caps = provider.capabilities;
    const providerName = PROVIDER_NAMES[provider.id];
    if (opts.batchSize && opts.batchSize > caps.maxRecipientsPerRequest) {
      throw usageError(`--batch-size ${opts.batchSize}: ${providerName} takes at most ${formatNumber(caps.maxRecipientsPerRequest)} numbers a request`, 'BAD_FLAG');
    }
    const sender = opts.sender ?? profile.sender;
    checkSender(sender, caps.maxSenderLength, providerName, provider.id !== 'thaibulksms');
    let scheduledAt: Date | undefined;
    if (opts.schedule !== undefined) {
      const { parseSchedule } = await import('../../core/schedule.js');
      scheduledAt = parseSchedule(opts.schedule, ctx.now(), { maxAheadMs: caps.maxScheduleAheadMs, providerName });
    }
    const input = await openRecipients(ctx, opts, message);
    const { buildPlan } = await import('../../send/plan.js');
    const maxPerRequest = opts.batchSize ?? caps.maxRecipientsPerRequest;
    const plan = await buildPlan(input.recipients, input.template, {
      maxPerRequest,
      maxContentLength: caps.maxContentLength,
      providerName,
      rowLabel: input.rowLabel,
    });
    const { styleFor } = await import('../../cli/style.js');
    const c = await styleFor(ctx, ctx.stderr);
    if (plan.droppedZero) {
      writeLine(ctx.stderr, c.yellow(`warning: ${formatNumber(plan.droppedZero)} number(s) had 9 digits (a spreadsheet dropped the leading 0); sent as 0XXXXXXXXX`));
    }
    const { formatBangkok } = await import('../../core/schedule.js');
    const balance = await fetchBalance(provider);
    const { planJson, planLines, resultJson, resultLines } = await import('../../send/summary.js');
    const sc = {
      provider: `${providerName}${sandboxUrl || profile.sandbox ? ' sandbox' : ''}`,
      profile: profile.name,
      sender,
      scheduledAt: scheduledAt && formatBangkok(scheduledAt),
      maxPerRequest,
      balance,
      rowLabel: input.rowLabel,
    };
    const interactive = isInteractive(ctx);
    if (!opts.json || interactive) for (const line of planLines(plan, sc, c, interactive ? 5 : 20)) writeLine(ctx.stderr, line);
    if (plan.valid === 0) {
      const error = new SmsctlError('invalid', `no valid recipient${plan.rows ? ` in ${formatNumber(plan.rows)} row(s)` : ''}; nothing sent`, { code: 'NO_RECIPIENTS' });
      if (opts.json) writeJson(ctx, { ok: false, dryRun: Boolean(opts.dryRun), error: error.toJSON(), ...planJson(plan, sc) });
      throw error;
    }
    if (balance && balance.balance < plan.credits && !opts.dryRun) {
      throw new SmsctlError('credit', `this send needs ${formatNumber(plan.credits)} credits but the balance is ${formatNumber(balance.balance)}; nothing sent`, { code: 'INSUFFICIENT_CREDIT' });
    }
    if (opts.dryRun) {
      if (opts.json) writeJson(ctx, { ok: true, dryRun: true, ...planJson(plan, sc) });
      else writeLine(ctx.stderr, 'Dry run: nothing sent.');
      return;
    }
    if (!opts.yes) {
      if (!interactive) throw usageError('refusing to send without confirmation: no terminal to ask on; pass --yes', 'CONFIRMATION_REQUIRED');
      const what = `Send to ${formatNumber(plan.valid)} recipient(s) for ${formatNumber(plan.credits)} credits via ${providerName}?`;
      if (!(await ctx.prompter.confirm(what, false))) throw usageError('not confirmed; nothing sent', 'NOT_CONFIRMED');
    }
    const { executePlan } = await import('../../send/execute.js');
    const { createSendProgress } = await import('../../ui/progress.js');
    const progress = await createSendProgress(ctx, plan.valid, plan.batches.length);
    const results = await executePlan(provider, plan.batches, {
      sender,
      scheduledAt,
      signal: ctx.signal,
      onRequestDone: (done, i) => progress.requestDone(done, i),
    }).finally(() => progress.stop());
    const { newSendId, recordRequests, saveRecord } = await import('../../send/record.js');
    const record = {
      sendId: newSendId(ctx.now()),
      profile: profile.name,
      provider: provider.id,
      sandbox: Boolean(profile.sandbox),
      createdAt: ctx.now().toISOString(),
      scheduledAt: scheduledAt?.toISOString(),
      requests: recordRequests(results),
    };
    const saved = await saveRecord(ctx.configDir, record);
    const outcome = resultJson(results);
    const failure = results.find((r) => r.error)?.error;
    const anySent = results.some((r) => r.outcome === 'sent' || r.outcome === 'unknown');
    const complete = !failure && !ctx.signal.aborted && results.every((r) => r.outcome === 'sent');
    const error = complete ? undefined : finalError(failure, anySent, ctx.signal.aborted);
    if (opts.json) {
      writeJson(ctx, {
        ok: complete,
        dryRun: false,
        sendId: record.sendId,
        ...(error && { error: error.toJSON() }),
        ...planJson(plan, sc),
        ...outcome,
        record: saved.path,
        unsentReport: saved.unsentPath ?? null,
      });
    }
    for (const line of resultLines(results, c, input.rowLabel)) writeLine(ctx.stderr, line);
    if (saved.unsentPath) writeLine(ctx.stderr, `Recipients not sent: ${saved.unsentPath}`);
    writeLine(ctx.stderr, `Send ${record.sendId} recorded. Delivery status: smsctl status${ctx.global.profile ? ` --profile ${ctx.global.profile}` : ''}`);
    if (error) throw error;
  });
}

/** The exit status of a send that did not complete: partial (8) once anything may have gone out. */
function finalError(failure: SmsctlError | undefined, anySent: boolean, interrupted: boolean): SmsctlError {
  // Ctrl-C keeps its conventional code; the summary above says who was sent.
  if (interrupted) {
    return new SmsctlError('interrupted', `interrupted: ${anySent ? 'the remaining requests were not sent' : 'nothing was sent'}`, { code: 'INTERRUPTED' });
  }
  if (anySent) {
    return new SmsctlError('partial', `partial send: ${failure?.message ?? 'a request failed'}`, { code: 'PARTIAL_SEND', cause: failure });
  }
  return failure ?? new SmsctlError('internal', 'the send stopped without an error', { code: 'INTERNAL' });
}

/** The balance is shown in the summary and checked first; bad keys stop the send before it starts. */
async function fetchBalance(provider: import('../../providers/types.js').Provider): Promise<BalanceResult | undefined> {
  if (!provider.capabilities.features.has('balance')) return undefined;
  try {
    return await provider.balance();
  } catch (error) {
    if (error instanceof SmsctlError && error.kind === 'auth') throw error;
    return undefined;
  }
}
