/**
 * `send --resume [RUN]`: continue a run from its journal. Sends what was not started,
 * deferred, or definitely failed; never what was sent; what is unknown only with
 * --resend-unknown, after asking the provider where it can be asked.
 */
import { formatBangkokTime } from '../core/schedule.js';
import type { Context } from '../cli/context.js';
import { isInteractive } from '../cli/context.js';
import { formatNumber, writeLine, plural } from '../cli/output.js';
import { requireFeature, withSession } from '../cli/session.js';
import type { SendOptions } from '../commands/send/send.js';
import { SmsctlError, isSmsctlError, usageError } from '../errors.js';
import { PROVIDER_NAMES } from '../providers/types.js';
import { readJournal } from '../runs/journal.js';
import { sendRun } from '../runs/execute-run.js';
import { resolveUnknowns } from '../runs/resolve.js';
import { RUN_ID, journalPath, listRunIds, loadHeader, lockRun, owed, tallyRun, viewRun } from '../runs/store.js';
import { finishRun } from './finish.js';
import { paceFor } from './pacing.js';
import { paceText } from './summary.js';

export async function resumeRun(ctx: Context, opts: SendOptions): Promise<void> {
  const id = typeof opts.resume === 'string' ? opts.resume : await newestUnfinished(ctx);
  if (!RUN_ID.test(id)) throw usageError(`--resume ${id}: not a run id (like 20261201T093000-a1b2c3; smsctl runs list shows them)`, 'BAD_FLAG');
  const header = await loadHeader(ctx.configDir, id);
  const { ENV_PROFILE_NAME } = await import('../config/resolve.js');
  // A run continues with the profile that started it, unless the user says otherwise.
  if (ctx.global.profile === undefined && !ctx.env.SMSCTL_PROFILE && header.profile !== ENV_PROFILE_NAME) ctx.global.profile = header.profile;
  const lock = await lockRun(ctx.configDir, id).catch((error: unknown) => {
    if (isSmsctlError(error) && error.code === 'STATE_LOCKED') {
      throw usageError(`run ${id} is being sent right now by another smsctl (${error.message.replace(/^.*?process/, 'process')}); wait for it to finish`, 'RUN_BUSY');
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
          throw usageError(`run ${id} was sent through ${PROVIDER_NAMES[header.provider]}; profile ${profile.name} is ${PROVIDER_NAMES[provider.id]}`, 'PROFILE_MISMATCH');
        }
        const path = journalPath(ctx.configDir, id);
        let before = await readJournal(path, header.stats.batches);
        if (before.closed) throw usageError(`run ${id} is closed (${before.closed.reason}); nothing more is sent for it`, 'RUN_CLOSED');
        const { resolved: resolvedFirst, lookupFailed } = await resolveUnknowns(ctx, provider, header, before);
        if (resolvedFirst) before = await readJournal(path, header.stats.batches);
        const t = tallyRun(header, before);
        const pace = paceFor(provider.id, profile, { rate: opts.rate ?? header.pace?.rate, concurrency: opts.concurrency ?? header.pace?.concurrency });
        const { styleFor } = await import('../cli/style.js');
        const c = await styleFor(ctx, ctx.stderr);
        const n = formatNumber;
        const { recipients: toSend, requests } = owed(t, Boolean(opts.resendUnknown));
        if (!opts.json || isInteractive(ctx)) {
          writeLine(ctx.stderr, c.bold(`Resume run ${id} — ${PROVIDER_NAMES[provider.id]}${header.sandbox ? ' sandbox' : ''} (profile ${profile.name}), started ${formatBangkokTime(new Date(header.createdAt))}`));
          const row = (label: string, value: string) => writeLine(ctx.stderr, `  ${label.padEnd(18)}${value}`);
          row('Already sent', `${n(t.sent.recipients)} recipients in ${n(t.sent.requests)} requests (never sent again)`);
          if (resolvedFirst) row('Found sent', `${plural(resolvedFirst, 'request')} of unknown outcome, by asking ${PROVIDER_NAMES[provider.id]}`);
          row('To send', `${n(toSend)} recipients in ${n(requests)} requests${t.failed.requests ? ` (${n(t.failed.recipients)} failed last time)` : ''}`);
          if (t.unknown.requests) row('Unknown', `${n(t.unknown.recipients)} recipients in ${n(t.unknown.requests)} requests — ${opts.resendUnknown ? 'SENT AGAIN (--resend-unknown)' : 'not sent again'}`);
          row('Pace', paceText(requests, pace));
        }
        if (requests > 0 && !opts.yes) {
          if (!isInteractive(ctx)) throw usageError('refusing to send without confirmation: no terminal to ask on; pass --yes', 'CONFIRMATION_REQUIRED');
          if (!(await ctx.prompter.confirm(`Send to the remaining ${plural(toSend, 'recipient')}?`, false))) throw new SmsctlError('usage', 'Nothing sent.', { code: 'NOT_CONFIRMED', plain: true });
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
  const whose = name === undefined ? 'There is' : `Profile ${name} has`;
  throw new SmsctlError('usage', `${whose} no unfinished run to resume (smsctl runs list shows every run)`, { code: 'NO_RUN' });
}
