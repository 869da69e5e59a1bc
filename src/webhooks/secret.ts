/**
 * Which webhook secret a command uses: --secret › SMSCTL_WEBHOOK_SECRET › the profile's
 * (--profile, SMSCTL_PROFILE or the default, as for every command). No profile at all is
 * not an error here: a listener for ThaiBulkSMS callbacks needs no secret.
 */
import type { Context } from '../cli/context.js';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface WebhookSecret {
  value: string;
  /** Where it came from, for messages (in the user's language): never the value itself. */
  from: string;
}

export async function findWebhookSecret(ctx: Context, flag: string | undefined): Promise<WebhookSecret | undefined> {
  if (flag !== undefined) {
    if (!flag.trim()) throw new SmsctlError('usage', t('webhook.secret.empty'), { code: 'BAD_FLAG' });
    return { value: flag, from: '--secret' };
  }
  const env = ctx.env.SMSCTL_WEBHOOK_SECRET?.trim();
  if (env) return { value: env, from: 'SMSCTL_WEBHOOK_SECRET' };
  const { resolveProfile } = await import('../config/resolve.js');
  const { openStore } = await import('../commands/profile/store.js');
  const store = await openStore(ctx);
  let profile;
  try {
    profile = resolveProfile(ctx.global.profile, ctx.env, () => store).profile;
  } catch (error) {
    // A profile named but missing is the user's mistake to hear about; no credentials at all is not.
    if (error instanceof SmsctlError && error.kind === 'auth') return undefined;
    throw error;
  }
  return profile.webhookSecret ? { value: profile.webhookSecret, from: t('webhook.secret.from_profile', { name: profile.name }) } : undefined;
}

/** Where a missing secret can come from (a function: read when printed, in the language then chosen). */
export function noSecretHint(): string {
  return t('webhook.secret.hint');
}
