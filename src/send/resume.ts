/**
 * `send --resume [RUN]`: continue a run from its journal. Sends what was not started,
 * deferred, or definitely failed; never what was sent; what is unknown only with
 * --resend-unknown, after asking the provider where it can be asked.
 */
import { join } from 'node:path';
import type { Context } from '../cli/context.js';
import { isInteractive } from '../cli/context.js';
import { formatNumber, writeLine } from '../cli/output.js';
import { t } from '../i18n/index.js';
import { formatTime } from '../i18n/dates.js';
import { requireFeature, withSession } from '../cli/session.js';
import type { SendOptions } from '../commands/send/send.js';
import { SmsctlError, isSmsctlError, usageError } from '../errors.js';
import { PROVIDER_NAMES } from '../providers/types.js';
import { readJournal } from '../runs/journal.js';
import { sendRun } from '../runs/execute-run.js';
import { resolveUnknowns } from '../runs/resolve.js';
import { RUN_ID, journalPath, listRunIds, loadHeader, lockRun, owed, runDir, tallyRun, viewRun } from '../runs/store.js';
import { finishRun } from './finish.js';
import { paceFor } from './pacing.js';
import { paceText, providerText, requestsText, summaryRow } from './summary.js';

export async function resumeRun(ctx: Context, opts: SendOptions): Promise<void> {
  const id = typeof opts.resume === 'string' ? opts.resume : await newestUnfinished(ctx);
  if (!RUN_ID.test(id)) throw usageError(t('run.bad_id', { id }), 'BAD_FLAG');
  const header = await loadHeader(ctx.configDir, id);
  const { ENV_PROFILE_NAME } = await import('../config/resolve.js');
  // A run continues with the profile that started it, unless the user says otherwise.
  if (ctx.global.profile === undefined && !ctx.env.SMSCTL_PROFILE && header.profile !== ENV_PROFILE_NAME) ctx.global.profile = header.profile;
  const lock = await lockRun(ctx.configDir, id).catch(async (error: unknown) => {
    if (isSmsctlError(error) && error.code === 'STATE_LOCKED') {
      const { readLockHolder } = await import('../config/lock.js');
      const path = join(runDir(ctx.configDir, id), 'lock');
      throw usageError(t('run.busy', { id, pid: (await readLockHolder(path)) ?? '?', path }), 'RUN_BUSY');
    }
    throw error;
  });
  try {
    await withSession(
      ctx,
      async (session) => {
        requireFeature(session.provider, 'send', 'send');
        const { provider, profile } = session;
        if (provider.id !== header.provider) {
          throw usageError(t('run.provider_mismatch', { id, provider: PROVIDER_NAMES[header.provider], profile: profile.name, other: PROVIDER_NAMES[provider.id] }), 'PROFILE_MISMATCH');
        }
        const path = journalPath(ctx.configDir, id);
        let before = await readJournal(path, header.stats.batches);
        if (before.closed) throw usageError(t('run.closed', { id, reason: before.closed.reason }), 'RUN_CLOSED');
        const { resolved: resolvedFirst, lookupFailed } = await resolveUnknowns(ctx, provider, header, before);
        if (resolvedFirst) before = await readJournal(path, header.stats.batches);
        const tally = tallyRun(header, before);
        const pace = paceFor(provider.id, profile, { rate: opts.rate ?? header.pace?.rate, concurrency: opts.concurrency ?? header.pace?.concurrency });
        const { styleFor } = await import('../cli/style.js');
        const c = await styleFor(ctx, ctx.stderr);
        const n = formatNumber;
        const { recipients: toSend, requests } = owed(tally, Boolean(opts.resendUnknown));
        if (!opts.json || isInteractive(ctx)) {
          const title = { id, provider: providerText(provider.id, header.sandbox), profile: profile.name, time: formatTime(new Date(header.createdAt)) };
          writeLine(ctx.stderr, c.bold(t('run.resume.title', title)));
          const row = (label: string, value: string) => writeLine(ctx.stderr, summaryRow(label, value));
          row(t('run.label.already_sent'), t('run.resume.already_sent', { recipients: n(tally.sent.recipients), requests: n(tally.sent.requests) }));
          if (resolvedFirst) row(t('run.label.found_sent'), t('run.resume.found_sent', { requests: requestsText(resolvedFirst), provider: PROVIDER_NAMES[provider.id] }));
          const failed = tally.failed.requests ? t('run.resume.failed_last_time', { count: tally.failed.recipients }) : '';
          row(t('run.label.to_send'), t('run.resume.to_send', { recipients: n(toSend), requests: n(requests), failed }));
          if (tally.unknown.requests) {
            const what = opts.resendUnknown ? t('run.resume.sent_again') : t('run.resume.not_sent_again');
            row(t('run.label.unknown'), t('run.resume.unknown', { recipients: n(tally.unknown.recipients), requests: n(tally.unknown.requests), what }));
          }
          row(t('send.label.pace'), paceText(requests, pace));
        }
        if (requests > 0 && !opts.yes) {
          if (!isInteractive(ctx)) throw usageError(t('send.confirm_required'), 'CONFIRMATION_REQUIRED');
          if (!(await ctx.prompter.confirm(t('run.resume.confirm', { count: toSend }), false))) throw new SmsctlError('usage', t('send.not_confirmed'), { code: 'NOT_CONFIRMED', plain: true });
        }
        const out = await sendRun(ctx, provider, header, before, { pace, maxFailures: opts.maxFailures ?? 3, resendUnknown: Boolean(opts.resendUnknown) });
        await finishRun(ctx, provider, header, { ...out, resolved: out.resolved + resolvedFirst, lookupFailed: out.lookupFailed || lookupFailed }, { json: opts.json, report: opts.report, resumed: true });
      },
      { responseTimeoutMs: opts.timeout ? opts.timeout * 1000 : undefined },
    );
  } finally {
    await lock.release();
  }
}

async function newestUnfinished(ctx: Context): Promise<string> {
  const { resolveProfile } = await import('../config/resolve.js');
  const { ProfileStore } = await import('../config/store.js');
  // No profile chosen and no default one: any profile's newest unfinished run (it resumes
  // with its own profile), rather than an error about credentials.
  let name: string | undefined;
  try {
    name = resolveProfile(ctx.global.profile, ctx.env, () => new ProfileStore(ctx.configDir)).profile.name;
  } catch (error) {
    if (!(isSmsctlError(error) && error.kind === 'auth' && ctx.global.profile === undefined)) throw error;
  }
  for (const id of await listRunIds(ctx.configDir)) {
    const view = await viewRun(ctx.configDir, id).catch(() => undefined);
    if (view && (name === undefined || view.header.profile === name) && view.status === 'unfinished') return id;
  }
  throw new SmsctlError('usage', name === undefined ? t('run.none_to_resume') : t('run.none_to_resume_of_profile', { name }), { code: 'NO_RUN' });
}
