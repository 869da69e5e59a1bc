/**
 * Send flags that only some providers take, checked against the provider's send
 * capabilities in one place: a flag the profile's provider does not offer is exit 2 with the
 * providers that do, before anything is read or sent. Adding an option is a row here, a
 * capability in the adapter and a flag in the send command.
 */
import { usageError } from '../errors.js';
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
  /** What the option is, for "SEPSMS takes no …". */
  what: string;
  /** Where a provider without it offers something close. */
  instead?: Partial<Record<ProviderId, string>>;
}

const RULES: readonly OptionRule[] = [
  {
    flag: '--callback-url',
    given: (f) => f.callbackUrl !== undefined,
    capability: 'callback',
    what: 'per-send callback',
    instead: {
      sepsms: 'SEPSMS reports by webhooks registered in its dashboard: receive them with smsctl webhook listen',
      mesms: 'ME-SMS publishes no delivery callback',
    },
  },
  { flag: '--credit-type', given: (f) => f.creditType !== undefined, capability: 'creditTypes', what: 'choice of credit type' },
  { flag: '--shorten-urls', given: (f) => f.shortenUrls === true, capability: 'shortenUrls', what: 'link shortening' },
  { flag: '--tag', given: (f) => f.tag !== undefined, capability: 'tags', what: 'tag' },
];

/** "only ThaiBulkSMS does", "only SEPSMS and ME-SMS do". */
export function offeredBy(capability: keyof SendCapabilities): string {
  const names = PROVIDER_IDS.filter((id) => SEND_CAPABILITIES[id][capability] !== undefined).map((id) => PROVIDER_NAMES[id]);
  return `only ${names.join(' and ')} ${names.length === 1 ? 'does' : 'do'}`;
}

/** Exit 2 for a capability the provider lacks, naming the providers that have it. */
export function requireSendCapability(provider: ProviderId, capability: keyof SendCapabilities, flag: string, what: string, instead?: string): void {
  if (SEND_CAPABILITIES[provider][capability] !== undefined) return;
  throw usageError(`${flag}: ${PROVIDER_NAMES[provider]} takes no ${what} (${offeredBy(capability)})${instead ? `; ${instead}` : ''}`, 'NOT_OFFERED');
}

/**
 * The per-provider options a send carries, from its flags and the profile's defaults
 * (a ThaiBulkSMS profile's credit type). Undefined when there are none.
 */
export async function providerSendOptions(flags: ProviderOptionFlags, provider: ProviderId, profile: Profile): Promise<ProviderSendOptions | undefined> {
  for (const rule of RULES) {
    if (rule.given(flags)) requireSendCapability(provider, rule.capability, rule.flag, rule.what, rule.instead?.[provider]);
  }
  if (flags.callbackMethod !== undefined && flags.callbackUrl === undefined) throw usageError('--callback-method goes with --callback-url', 'CONFLICTING_FLAGS');
  if (provider !== 'thaibulksms') return undefined;
  const caps = SEND_CAPABILITIES.thaibulksms;
  const out: NonNullable<ProviderSendOptions['thaibulksms']> = {};
  if (flags.callbackUrl !== undefined) {
    const method = (flags.callbackMethod ?? 'POST').toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'PUT') throw usageError(`--callback-method ${flags.callbackMethod}: expected GET, POST or PUT`, 'BAD_FLAG');
    const { checkDeliveryUrl } = await import('../webhooks/urls.js');
    out.callback = { url: checkDeliveryUrl(flags.callbackUrl, '--callback-url'), method };
  }
  const creditType = flags.creditType ?? profile.creditType;
  if (creditType !== undefined) out.creditType = parseCreditType(creditType, flags.creditType !== undefined ? '--credit-type' : `profile ${profile.name}'s credit type`);
  if (flags.shortenUrls) out.shortenUrls = true;
  if (flags.tag !== undefined) out.tag = checkTag(flags.tag, caps.tags!.maxLength);
  return Object.keys(out).length ? { thaibulksms: out } : undefined;
}

export function parseCreditType(value: string, what = '--credit-type'): CreditType {
  const v = value.trim().toLowerCase();
  if (v === 'standard' || v === 'corporate') return v;
  throw usageError(`${what} ${value}: expected standard or corporate (ThaiBulkSMS \`force\`)`, 'BAD_FLAG');
}

/**
 * ThaiBulkSMS documents a tag only by its errors (ERROR_TAGS, ERROR_TAGS_EXCEEDED_LENGTH):
 * smsctl takes one tag of printable characters without commas, up to the assumed length.
 */
function checkTag(tag: string, maxLength: number): string {
  const t = tag.trim();
  if (t === '') throw usageError('--tag: the tag is empty', 'BAD_FLAG');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f,]/.test(t)) throw usageError(`--tag "${tag}": one tag, without commas or control characters`, 'BAD_FLAG');
  if ([...t].length > maxLength) throw usageError(`--tag: ${[...t].length} characters; ThaiBulkSMS takes tags of at most ${maxLength} (this project's assumption: it publishes no limit)`, 'BAD_FLAG');
  return t;
}
