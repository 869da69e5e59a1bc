/**
 * ThaiBulkSMS's documented SMS error names, each said as a plain sentence with the exit code
 * it deserves: a bad option is the user's flag (usage, 2), a trial account or a blocked IP is
 * access (auth, 4), a bad number or text is input (invalid, 3). Names not here keep the
 * HTTP status's meaning.
 */
import type { ErrorKind } from '../errors.js';

const SENTENCES: Readonly<Record<string, [kind: ErrorKind | undefined, sentence: string]>> = {
  ERROR_FORM: ['invalid', 'the request was refused as malformed; run with --verbose and report it'],
  ERROR_FORCE: ['usage', 'the credit type is not one it knows: --credit-type takes standard or corporate'],
  ERROR_SENDER: ['invalid', 'the sender name is not valid (1 to 11 characters)'],
  ERROR_SENDER_NOT_FOUND: ['invalid', 'the sender name is not registered on this account: request it in the ThaiBulkSMS dashboard (Sender Name), or send with another --sender'],
  ERROR_MESSAGE_TOO_LONG: ['invalid', 'the message is too long: shorten it'],
  ERROR_MSISDN: ['invalid', 'a phone number is not valid'],
  ERROR_MSISDN_EXCEEDED_LIMIT: ['invalid', 'the request has more than 500 numbers (use --batch-size 500 or less)'],
  ERROR_CALLBACK_URL: ['usage', 'the --callback-url is not one it accepts'],
  ERROR_CALLBACK_METHOD: ['usage', '--callback-method must be GET, POST or PUT'],
  ERROR_SCHEDULED_DELIVERY: ['usage', 'the --schedule time is not in the form it takes'],
  ERROR_SCHEDULED_DELIVERY_TOO_FAR: ['usage', '--schedule must be less than a year ahead'],
  ERROR_SCHEDULED_DELIVERY_TIMEZONE: ['usage', 'the --schedule time must be Bangkok time (+07:00)'],
  ERROR_TAGS: ['usage', 'the --tag is not valid'],
  ERROR_TAGS_EXCEEDED_LENGTH: ['usage', 'the --tag is longer than it allows: use a shorter tag'],
  ERROR_TAGS_EXIST: ['usage', 'the --tag clashes with a tag that already exists on the account: use another tag, or the existing one exactly as the dashboard shows it'],
  ERROR_USER_TRIAL: ['auth', 'a trial account can send only to the phone number it registered with: top up the account in the ThaiBulkSMS dashboard to send to others'],
  ERROR_USER_BLOCKED: ['auth', 'the account is blocked: contact ThaiBulkSMS support'],
  ERROR_API_KEY_SUSPENDED: ['auth', 'the API key is suspended: make a new one in the dashboard (Setting → API Key)'],
  ERROR_API_KEY_DISABLED: ['auth', 'the API key is disabled: enable it, or make a new one, in the dashboard (Setting → API Key)'],
  ERROR_IP_SUSPENDED: ['auth', 'this machine\'s IP address is suspended'],
  ERROR_IP_NOT_ALLOWED: ['auth', 'this machine\'s IP address is not on the account\'s IP whitelist (dashboard: Setting → IP Whitelist)'],
};

export function explainThaiBulkSmsError(name: string | undefined): { sentence: string; kind?: ErrorKind } | undefined {
  const e = name === undefined ? undefined : SENTENCES[name];
  return e && { kind: e[0], sentence: e[1] };
}
