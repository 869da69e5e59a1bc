import { SmsctlError } from '../errors.js';
import { PROVIDER_NAMES, type ProviderId } from '../providers/types.js';

/** A reference the provider does not know: a plain sentence and where to look, not "no such resource". */
export function unknownMessage(ref: string, provider: ProviderId): SmsctlError {
  const list = provider === 'mesms' ? ' (`smsctl messages` lists the account\'s messages)' : '';
  return new SmsctlError('invalid', `${PROVIDER_NAMES[provider]} has no message ${ref}: check the reference${list}`, { code: 'MESSAGE_NOT_FOUND' });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof SmsctlError && error.code === 'PROVIDER_NOT_FOUND';
}
