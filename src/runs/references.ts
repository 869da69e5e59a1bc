/**
 * What `status` and `recipients` take as their argument: a provider's message reference, or a
 * run id (20261201T093000-a1b2c3) standing for every message the run's accepted requests
 * created, read from its journal. A run is asked of the profile that sent it, unless the user
 * chose one (--profile or SMSCTL_PROFILE).
 */
import type { Context } from '../cli/context.js';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RunView } from './store.js';

export interface ResolvedReferences {
  /** The run, when the argument was a run id. */
  run?: RunView;
  /** In the run's request order; one element for a plain reference. */
  references: string[];
  /** A run's: the recipients each reference's request carried (accepted ones), as the journal recorded them. */
  recipients?: number[];
}

/** `purpose`, what the caller does with the references, names it in the error for a run with none. */
export async function resolveReferences(ctx: Context, arg: string, purpose: 'check' | 'export'): Promise<ResolvedReferences> {
  const { RUN_ID, viewRun } = await import('./store.js');
  if (!RUN_ID.test(arg)) return { references: [arg] };
  const { ENV_PROFILE_NAME } = await import('../config/resolve.js');
  const run = await viewRun(ctx.configDir, arg, true);
  if (ctx.global.profile === undefined && !ctx.env.SMSCTL_PROFILE && run.header.profile !== ENV_PROFILE_NAME) {
    ctx.global.profile = run.header.profile;
  }
  const references: string[] = [];
  const recipients: number[] = [];
  for (const i of run.journal.indices()) {
    const d = run.journal.detail(i);
    if (d?.s === 'sent' && d.ref) {
      references.push(d.ref);
      recipients.push(Math.max(0, run.journal.recipients(i) - run.journal.rejected(i)));
    }
  }
  if (references.length === 0) {
    const id = run.header.id;
    throw new SmsctlError('invalid', purpose === 'check' ? t('run.no_references.check', { id }) : t('run.no_references.export', { id }), { code: 'NO_REFERENCES' });
  }
  return { run, references, recipients };
}
