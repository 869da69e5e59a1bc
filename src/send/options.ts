/**
 * Send flags that only some providers take, checked against the provider's send
 * capabilities in one place: a flag the profile's provider does not offer is exit 2 with the
 * providers that do, before anything is read or sent. Adding an option is a row here, a
 * capability in the adapter and a flag in the send command.
 */
import { usageError } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { Profile } from '../config/profile.js';
import { SEND_CAPABILITIES } from '../providers/send-capabilities.js';
import { PROVIDER_IDS, PROVIDER_NAMES, type CreditType, type ProviderId, type ProviderSendOptions, type SendCapabilities } from '../providers/types.js';

export interface ProviderOptionFlags {
  callbackUrl?: string;
  callbackMethod?: string;
  creditType?: string;
  shortenUrls?: boolean;
  tag?: string;
}

interface OptionRule {
  flag: string;
  given(flags: ProviderOptionFlags): boolean;
  capability: keyof SendCapabilities;
  /** What the option is, for "SEPSMS takes no …" (a catalogue key: this table is made before the language is chosen). */
  what: MessageKey;
  /** Where a provider without it offers something close. */
  instead?: Partial<Record<ProviderId, MessageKey>>;
}

const RULES: readonly OptionRule[] = [
  {
    flag: '--callback-url',
    given: (f) => f.callbackUrl !== undefined,
    capability: 'callback',
    what: 'input.what_callback',
    instead: {
      sepsms: 'input.instead_sepsms_callback',
      mesms: 'input.instead_mesms_callback',
    },
  },
  { flag: '--credit-type', given: (f) => f.creditType !== undefined, capability: 'creditTypes', what: 'input.what_credit_type' },
  { flag: '--shorten-urls', given: (f) => f.shortenUrls === true, capability: 'shortenUrls', what: 'input.what_shorten_urls' },
  { flag: '--tag', given: (f) => f.tag !== undefined, capability: 'tags', what: 'input.what_tag' },
];

/** "only ThaiBulkSMS does", "only SEPSMS and ME-SMS do". */
export function offeredBy(capability: keyof SendCapabilities): string {
  const names = PROVIDER_IDS.filter((id) => SEND_CAPABILITIES[id][capability] !== undefined).map((id) => PROVIDER_NAMES[id]);
  return t('input.offered_by', { count: names.length, names: names.join(t('input.and')) });
}

/**
 * Exit 2 for a capability the provider lacks, naming the providers that have it. `what` and
 * `instead` are phrases in the reader's language ("choice of credit type": t('input.what_credit_type')).
 */
export function requireSendCapability(provider: ProviderId, capability: keyof SendCapabilities, flag: string, what: string, instead?: string): void {
  if (SEND_CAPABILITIES[provider][capability] !== undefined) return;
  const params = { flag, provider: PROVIDER_NAMES[provider], what, offered: offeredBy(capability) };
  throw usageError(instead ? t('input.not_offered_instead', { ...params, instead }) : t('input.not_offered', params), 'NOT_OFFERED');
}

/**
 * The per-provider options a send carries, from its flags and the profile's defaults
 * (a ThaiBulkSMS profile's credit type). Undefined when there are none.
 */
export async function providerSendOptions(flags: ProviderOptionFlags, provider: ProviderId, profile: Profile): Promise<ProviderSendOptions | undefined> {
  for (const rule of RULES) {
    const instead = rule.instead?.[provider];
    if (rule.given(flags)) requireSendCapability(provider, rule.capability, rule.flag, t(rule.what), instead && t(instead));
  }
  if (flags.callbackMethod !== undefined && flags.callbackUrl === undefined) {
    throw usageError(t('input.goes_with', { flag: '--callback-method', with: '--callback-url' }), 'CONFLICTING_FLAGS');
  }
  if (provider !== 'thaibulksms') return undefined;
  const caps = SEND_CAPABILITIES.thaibulksms;
  const out: NonNullable<ProviderSendOptions['thaibulksms']> = {};
  if (flags.callbackUrl !== undefined) {
    const method = (flags.callbackMethod ?? 'POST').toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'PUT') throw usageError(t('input.bad_callback_method', { value: flags.callbackMethod ?? '' }), 'BAD_FLAG');
    const { checkDeliveryUrl } = await import('../webhooks/urls.js');
    out.callback = { url: checkDeliveryUrl(flags.callbackUrl, '--callback-url'), method };
  }
  const creditType = flags.creditType ?? profile.creditType;
  if (creditType !== undefined) out.creditType = parseCreditType(creditType, flags.creditType !== undefined ? '--credit-type' : t('input.profile_credit_type', { profile: profile.name }));
  if (flags.shortenUrls) out.shortenUrls = true;
  if (flags.tag !== undefined) out.tag = checkTag(flags.tag, caps.tags!.maxLength);
  return Object.keys(out).length ? { thaibulksms: out } : undefined;
}

export function parseCreditType(value: string, what = '--credit-type'): CreditType {
  const v = value.trim().toLowerCase();
  if (v === 'standard' || v === 'corporate') return v;
  throw usageError(t('input.bad_credit_type', { what, value }), 'BAD_FLAG');
}

/**
 * ThaiBulkSMS documents a tag only by its errors (ERROR_TAGS, ERROR_TAGS_EXCEEDED_LENGTH):
 * smsctl takes one tag of printable characters without commas, up to the assumed length.
 */
function checkTag(tag: string, maxLength: number): string {
  const trimmed = tag.trim();
  if (trimmed === '') throw usageError(t('input.tag_empty'), 'BAD_FLAG');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f,]/.test(trimmed)) throw usageError(t('input.tag_invalid', { tag }), 'BAD_FLAG');
  if ([...trimmed].length > maxLength) throw usageError(t('input.tag_too_long', { length: [...trimmed].length, max: maxLength }), 'BAD_FLAG');
  return trimmed;
}
