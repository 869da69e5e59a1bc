/**
 * Whether the provider lets this sender send, asked of its sender list before anything is
 * sent (ME-SMS lists senders; only "approved" ones may send). A sender listed as not
 * approved, or not listed at all, stops the send with the approved names; a list that
 * cannot be fetched is a warning and the send goes on (the provider still has the last word).
 */
import { formatNumber } from '../cli/output.js';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { PROVIDER_NAMES, offers, type Provider, type SenderInfo } from '../providers/types.js';

export type SenderVerdict = { ok: true } | { ok: false; error: SmsctlError } | { ok: 'unknown'; reason: string };

const NAMES_SHOWN = 10;

/**
 * Starts the check (one request, not retried: a failure only means "cannot check"); undefined
 * when there is nothing to check, so providers without a sender list cost nothing.
 */
export function startSenderCheck(provider: Provider, sender: string | undefined): Promise<SenderVerdict> | undefined {
  if (!sender || !offers(provider, 'senders')) return undefined;
  return provider.senders({ maxAttempts: 1 }).then(
    (list) => judgeSender(list, sender, PROVIDER_NAMES[provider.id]),
    (error: unknown) => {
      // Bad keys stop the send here as they would at the balance.
      if (error instanceof SmsctlError && error.kind === 'auth') return { ok: false, error };
      return { ok: 'unknown', reason: error instanceof Error ? error.message : String(error) };
    },
  );
}

export function judgeSender(list: readonly SenderInfo[], sender: string, providerName: string): SenderVerdict {
  const approved = list.filter((s) => s.status.toLowerCase() === 'approved').map((s) => s.name);
  const listed = list.find((s) => s.name === sender);
  if (listed && listed.status.toLowerCase() === 'approved') return { ok: true };
  const shown = approved.slice(0, NAMES_SHOWN).join(', ');
  const more = approved.length > NAMES_SHOWN ? t('input.and_more', { more: formatNumber(approved.length - NAMES_SHOWN) }) : '';
  const use = approved.length ? t('input.approved_senders', { names: `${shown}${more}` }) : t('input.no_approved_sender', { provider: providerName });
  const what = listed
    ? t('input.sender_not_approved', { sender, status: listed.status, provider: providerName })
    : t('input.sender_not_listed', { sender, provider: providerName });
  return { ok: false, error: new SmsctlError('invalid', t('input.sender_refused', { what, use }), { code: 'SENDER_NOT_APPROVED' }) };
}
