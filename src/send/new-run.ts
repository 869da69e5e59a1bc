/**
 * A new send: plan straight into a new run's journal, check, confirm, then send from the
 * journal. A send that cannot start (bad input, no credit, not confirmed, a duplicate of
 * an unfinished run) leaves no run behind and sends nothing.
 */
import type { Context } from '../cli/context.js';
import { isInteractive } from '../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../cli/output.js';
import { t, tEn } from '../i18n/index.js';
import { requireFeature, withSession, type Session } from '../cli/session.js';
import type { SendOptions } from '../commands/send/send.js';
import { SmsctlError, usageError } from '../errors.js';
import { PROVIDER_NAMES, type ProviderSendOptions } from '../providers/types.js';
import { emptyJournal } from '../runs/journal.js';
import { RUN_ID, RunDraft, briefRun, closeRun, fingerprintOf, listRunIds, loadHeader, viewRun, type RunHeader } from '../runs/store.js';
import { sendRun } from '../runs/execute-run.js';
import { finishRun, resumeCommand } from './finish.js';
import type { PreparedSend } from './prepare.js';
import { stopError } from '../cli/signals.js';
import { paceFor } from './pacing.js';
import { recipientsText } from './summary.js';

/** A dry run with --json shows the bodies of this many requests, the first ones. */
const SHOWN_REQUESTS = 5;

export async function newRun(ctx: Context, opts: SendOptions): Promise<void> {
  await withSession(
    ctx,
    async (session) => {
      requireFeature(session.provider, 'send', 'send');
      const { provider, profile } = session;
      const { providerSendOptions } = await import('./options.js');
      const options = await providerSendOptions(opts, provider.id, profile);
      const pace = paceFor(provider.id, profile, opts);
      const { prepareSend } = await import('./prepare.js');
      const draft = opts.dryRun ? undefined : await RunDraft.create(ctx.configDir, ctx.now());
      let sending = false;
      try {
        const prepared = await prepareSend(ctx, { ...opts, ...(opts.dryRun && opts.json && { showRequests: SHOWN_REQUESTS }) }, session, pace, draft, undefined, options);
        const { plan, summary: sc } = prepared;
        const { styleFor } = await import('../cli/style.js');
        const c = await styleFor(ctx, ctx.stderr);
        if (plan.droppedZero) {
          writeLine(ctx.stderr, c.yellow(t('send.warn.dropped_zero', { numbers: t('send.count.numbers', { count: plan.droppedZero }) })));
        }
        if (prepared.input.fromReport?.skipped) {
          writeLine(ctx.stderr, c.yellow(t('send.from_report', { rows: t('send.count.rows', { count: prepared.input.fromReport.skipped }) })));
        }
        const { planJson, planLines } = await import('./summary.js');
        const interactive = isInteractive(ctx);
        if (!opts.json || interactive) for (const line of planLines(plan, sc, c, interactive ? 5 : 20)) writeLine(ctx.stderr, line);
        if (plan.valid === 0) {
          const error = new SmsctlError('invalid', plan.rows ? t('send.no_recipients_in_rows', { rows: t('send.count.rows', { count: plan.rows }) }) : t('send.no_recipients'), { code: 'NO_RECIPIENTS' });
          if (opts.json) emitResult(ctx, { dryRun: Boolean(opts.dryRun), ...planJson(plan, sc) });
          throw error;
        }
        const over = overLimit(plan, opts);
        if (over) {
          if (opts.json) emitResult(ctx, { dryRun: Boolean(opts.dryRun), ...planJson(plan, sc) });
          throw over;
        }
        const balance = sc.balance;
        if (balance && balance.balance < plan.credits && !opts.dryRun) {
          throw new SmsctlError('credit', t('send.insufficient_credit', { credits: creditsText(plan.credits), balance: formatNumber(balance.balance) }), { code: 'INSUFFICIENT_CREDIT' });
        }
        if (!draft) {
          if (opts.json) emitResult(ctx, { dryRun: true, ...planJson(plan, sc) });
          else writeLine(ctx.stderr, t('send.dry_run_done'));
          return;
        }
        const header = runHeader(ctx, draft, prepared, session, opts, options);
        const earlier = opts.new ? undefined : await unfinishedTwin(ctx, header);
        if (earlier?.pid !== undefined) {
          throw usageError(t('send.twin_busy', { id: earlier.id, pid: earlier.pid }), 'RUN_BUSY');
        }
        if (earlier) {
          const what = { id: earlier.id, sent: formatNumber(earlier.sent), open: formatNumber(earlier.open) };
          if (!interactive || opts.yes) {
            throw usageError(t('send.twin_unfinished', { ...what, command: resumeCommand(ctx, earlier.id) }), 'UNFINISHED_RUN_EXISTS');
          }
          if (await ctx.prompter.confirm(t('send.twin_prompt', what), true)) {
            await draft.discard();
            const { resumeRun } = await import('./resume.js');
            await session.close();
            return await resumeRun(ctx, { ...opts, resume: earlier.id, to: undefined, csv: undefined, message: undefined, messageFile: undefined, yes: true });
          }
          throw new SmsctlError('usage', t('send.twin_declined'), { code: 'NOT_CONFIRMED', plain: true });
        }
        if (!opts.yes) {
          if (!interactive) throw usageError(t('send.confirm_required'), 'CONFIRMATION_REQUIRED');
          const what = t('send.confirm', { recipients: recipientsText(plan.valid), credits: creditsText(plan.credits), provider: PROVIDER_NAMES[provider.id] });
          if (!(await ctx.prompter.confirm(what, false))) throw new SmsctlError('usage', t('send.not_confirmed'), { code: 'NOT_CONFIRMED', plain: true });
        }
        if (ctx.signal.aborted) {
          // Stopped while planning or asking: no request left, so no run is left behind either.
          throw stopError(ctx.signal, t('send.stopped_before_sending'));
        }
        const reported = prepared.input.fromReport?.runId;
        // The id comes from a file: only a well-formed one may name a directory.
        const source = reported && RUN_ID.test(reported) ? reported : undefined;
        const sourceOpen = source && (await viewRun(ctx.configDir, source).catch(() => undefined));
        if (sourceOpen && sourceOpen.status === 'running') {
          throw usageError(t('send.report_run_busy', { id: source, pid: sourceOpen.pid ?? '' }), 'RUN_BUSY');
        }
        await draft.seal(header);
        // The new run takes over what the report's run still owed: resuming that one as well
        // would send the same rows twice.
        if (sourceOpen && sourceOpen.status === 'unfinished') await closeRun(ctx.configDir, sourceOpen.header.id, tEn('run.closed_by_report', { id: header.id }));
        sending = true;
        const out = await sendRun(ctx, provider, header, emptyJournal(header.stats.batches), { pace, maxFailures: opts.maxFailures ?? 3, resendUnknown: false });
        await finishRun(ctx, provider, header, out, { json: opts.json, report: opts.report, resumed: false, planJson: planJson(plan, sc) });
      } finally {
        if (draft && !sending) await draft.discard();
        else await draft?.lock.release();
      }
    },
    { responseTimeoutMs: opts.timeout ? opts.timeout * 1000 : undefined },
  );
}

function creditsText(count: number): string {
  return t('send.count.credits', { count });
}

/** --max-recipients / --max-credits: a limit the caller set (a cron job, an AI agent) is never crossed. */
function overLimit(plan: { valid: number; credits: number }, opts: SendOptions): SmsctlError | undefined {
  if (opts.maxRecipients !== undefined && plan.valid > opts.maxRecipients) {
    return new SmsctlError('invalid', t('send.over_recipients', { recipients: recipientsText(plan.valid), max: formatNumber(opts.maxRecipients) }), { code: 'OVER_LIMIT' });
  }
  if (opts.maxCredits !== undefined && plan.credits > opts.maxCredits) {
    return new SmsctlError('invalid', t('send.over_credits', { credits: creditsText(plan.credits), max: formatNumber(opts.maxCredits) }), { code: 'OVER_LIMIT' });
  }
  return undefined;
}

/** The newest unfinished run with the same input, message and profile, if any. */
async function unfinishedTwin(ctx: Context, header: RunHeader): Promise<{ id: string; pid?: number; sent: number; open: number } | undefined> {
  for (const id of await listRunIds(ctx.configDir)) {
    if (id === header.id) continue;
    const other = await loadHeader(ctx.configDir, id).catch(() => undefined);
    if (other?.fingerprint !== header.fingerprint) continue;
    const view = await briefRun(ctx.configDir, id);
    if (view.status === 'complete' || view.status === 'closed') continue;
    const t = view.tally;
    // Nothing of it can have reached anyone: starting again cannot double-send.
    if (t.sent.requests + t.unknown.requests === 0) continue;
    return { id, pid: view.pid, sent: t.sent.recipients, open: t.failed.recipients + t.unknown.recipients + t.notSent.recipients };
  }
  return undefined;
}

/** What the run records about itself before its first request. */
function runHeader(ctx: Context, draft: RunDraft, prepared: PreparedSend, { provider, profile }: Session, opts: SendOptions, options?: ProviderSendOptions): RunHeader {
  const { invalid, ...stats } = prepared.plan;
  const inputSha256 = draft.inputSha256();
  return {
    version: 1,
    id: draft.id,
    createdAt: ctx.now().toISOString(),
    profile: profile.name,
    provider: provider.id,
    sandbox: Boolean(profile.sandbox),
    ...(prepared.sender && { sender: prepared.sender }),
    ...(prepared.scheduledAt && { scheduledAt: prepared.scheduledAt.toISOString() }),
    ...(options && { options }),
    ...(prepared.group !== undefined && { contactGroupId: prepared.group }),
    ...(prepared.templateId !== undefined && { templateId: prepared.templateId }),
    ...(prepared.personalise && { personalise: prepared.personalise }),
    message: prepared.message,
    input: {
      kind: prepared.input.kind,
      name: prepared.input.name,
      sha256: inputSha256,
      columns: prepared.input.columns,
      ...(prepared.input.phoneColumn && { phoneColumn: prepared.input.phoneColumn }),
      ...(prepared.input.encoding && { encoding: prepared.input.encoding }),
      ...(prepared.input.delimiter && { delimiter: prepared.input.delimiter }),
      ...(prepared.input.sheet && { sheet: prepared.input.sheet }),
    },
    // A group's and a template's runs have no list of their own: what they send to and with is part of the campaign.
    fingerprint: fingerprintOf(inputSha256, `${prepared.message}${prepared.group !== undefined ? `\n--group ${prepared.group}` : ''}${prepared.templateId !== undefined ? `\n--template-id ${prepared.templateId}` : ''}`, profile.name),
    maxPerRequest: prepared.summary.maxPerRequest,
    ...((opts.rate || opts.concurrency) && { pace: { rate: opts.rate, concurrency: opts.concurrency } }),
    stats: { ...stats, invalid: invalid.length },
  };
}
