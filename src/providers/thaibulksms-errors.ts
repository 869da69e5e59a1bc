/**
 * ThaiBulkSMS's documented SMS error names, each said as a plain sentence with the exit code
 * it deserves: a bad option is the user's flag (usage, 2), a trial account or a blocked IP is
 * access (auth, 4), a bad number or text is input (invalid, 3). Names not here keep the
 * HTTP status's meaning.
 */
import type { ErrorKind } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';

// The sentences live in the catalogue (provider.thaibulksms.error.*); the table keeps their keys,
// so each is said in the language chosen when the error arrives.
const SENTENCES: Readonly<Record<string, [kind: ErrorKind | undefined, sentence: MessageKey]>> = {
  ERROR_FORM: ['invalid', 'provider.thaibulksms.error.form'],
  ERROR_FORCE: ['usage', 'provider.thaibulksms.error.force'],
  ERROR_SENDER: ['invalid', 'provider.thaibulksms.error.sender'],
  ERROR_SENDER_NOT_FOUND: ['invalid', 'provider.thaibulksms.error.sender_not_found'],
  ERROR_MESSAGE_TOO_LONG: ['invalid', 'provider.thaibulksms.error.message_too_long'],
  ERROR_MSISDN: ['invalid', 'provider.thaibulksms.error.msisdn'],
  ERROR_MSISDN_EXCEEDED_LIMIT: ['invalid', 'provider.thaibulksms.error.msisdn_exceeded_limit'],
  ERROR_CALLBACK_URL: ['usage', 'provider.thaibulksms.error.callback_url'],
  ERROR_CALLBACK_METHOD: ['usage', 'provider.thaibulksms.error.callback_method'],
  ERROR_SCHEDULED_DELIVERY: ['usage', 'provider.thaibulksms.error.scheduled_delivery'],
  ERROR_SCHEDULED_DELIVERY_TOO_FAR: ['usage', 'provider.thaibulksms.error.scheduled_delivery_too_far'],
  ERROR_SCHEDULED_DELIVERY_TIMEZONE: ['usage', 'provider.thaibulksms.error.scheduled_delivery_timezone'],
  ERROR_TAGS: ['usage', 'provider.thaibulksms.error.tags'],
  ERROR_TAGS_EXCEEDED_LENGTH: ['usage', 'provider.thaibulksms.error.tags_exceeded_length'],
  ERROR_TAGS_EXIST: ['usage', 'provider.thaibulksms.error.tags_exist'],
  ERROR_USER_TRIAL: ['auth', 'provider.thaibulksms.error.user_trial'],
  ERROR_USER_BLOCKED: ['auth', 'provider.thaibulksms.error.user_blocked'],
  ERROR_API_KEY_SUSPENDED: ['auth', 'provider.thaibulksms.error.api_key_suspended'],
  ERROR_API_KEY_DISABLED: ['auth', 'provider.thaibulksms.error.api_key_disabled'],
  ERROR_IP_SUSPENDED: ['auth', 'provider.thaibulksms.error.ip_suspended'],
  ERROR_IP_NOT_ALLOWED: ['auth', 'provider.thaibulksms.error.ip_not_allowed'],
};

export function explainThaiBulkSmsError(name: string | undefined): { sentence: string; kind?: ErrorKind } | undefined {
  const e = name === undefined ? undefined : SENTENCES[name];
  return e && { kind: e[0], sentence: t(e[1]) };
}
