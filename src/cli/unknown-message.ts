import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { PROVIDER_NAMES, type ProviderId } from '../providers/types.js';

/** A reference the provider does not know: a plain sentence and where to look, not "no such resource". */
export function unknownMessage(ref: string, provider: ProviderId): SmsctlError {
  // ME-SMS lists the account's messages (`smsctl messages`): say where to find the right one.
  const message = t(provider === 'mesms' ? 'cli.unknown_message_mesms' : 'cli.unknown_message', { provider: PROVIDER_NAMES[provider], ref });
  return new SmsctlError('invalid', message, { code: 'MESSAGE_NOT_FOUND' });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof SmsctlError && error.code === 'PROVIDER_NOT_FOUND';
}
