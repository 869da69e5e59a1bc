import type { Command } from 'commander';
import { SmsctlError, usageError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { formatNumber, writeJson, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
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
  await withSession(ctx, async (session) => {
    requireFeature(session.provider, 'send', 'send');
    const { provider, profile } = session;
    const { prepareSend } = await import('../../send/prepare.js');
    const { plan, sender, scheduledAt, summary: sc } = await prepareSend(ctx, opts, session);
    const providerName = PROVIDER_NAMES[provider.id];
    const { styleFor } = await import('../../cli/style.js');
    const c = await styleFor(ctx, ctx.stderr);
    if (plan.droppedZero) {
      writeLine(ctx.stderr, c.yellow(`warning: ${formatNumber(plan.droppedZero)} number(s) had 9 digits (a spreadsheet dropped the leading 0); sent as 0XXXXXXXXX`));
    }
    const { planJson, planLines, resultJson, resultLines } = await import('../../send/summary.js');
    const interactive = isInteractive(ctx);
    if (!opts.json || interactive) for (const line of planLines(plan, sc, c, interactive ? 5 : 20)) writeLine(ctx.stderr, line);
    if (plan.valid === 0) {
      const error = new SmsctlError('invalid', `no valid recipient${plan.rows ? ` in ${formatNumber(plan.rows)} row(s)` : ''}; nothing sent`, { code: 'NO_RECIPIENTS' });
      if (opts.json) writeJson(ctx, { ok: false, dryRun: Boolean(opts.dryRun), error: error.toJSON(), ...planJson(plan, sc) });
      throw error;
    }
    const balance = sc.balance;
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
    const { executePlan, sendOutcomeError } = await import('../../send/execute.js');
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
    const error = sendOutcomeError(results, ctx.signal.aborted);
    if (opts.json) {
      writeJson(ctx, {
        ok: !error,
        dryRun: false,
        sendId: record.sendId,
        ...(error && { error: error.toJSON() }),
        ...planJson(plan, sc),
        ...outcome,
        record: saved.path,
        unsentReport: saved.unsentPath ?? null,
      });
    }
    for (const line of resultLines(results, c, sc.rowLabel)) writeLine(ctx.stderr, line);
    if (saved.unsentPath) writeLine(ctx.stderr, `Recipients not sent: ${saved.unsentPath}`);
    writeLine(ctx.stderr, `Send ${record.sendId} recorded. Delivery status: smsctl status${ctx.global.profile ? ` --profile ${ctx.global.profile}` : ''}`);
    if (error) throw error;
  });
}
