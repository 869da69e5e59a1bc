import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

const LOOPBACK = /^(?:localhost|\[::1\]|127(?:\.\d{1,3}){3})$/;

/**
 * Delivery reports carry phone numbers: they may travel in clear text only on this machine.
 * Returns the URL as given; throws exit 2 naming `flag`.
 */
export function checkDeliveryUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SmsctlError('usage', t('webhook.url.invalid', { flag, value: value.slice(0, 60) }), { code: 'BAD_URL' });
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return value;
  if (url.protocol === 'http:') {
    throw new SmsctlError('usage', t('webhook.url.insecure', { flag, host: url.hostname }), { code: 'INSECURE_URL' });
  }
  throw new SmsctlError('usage', t('webhook.url.protocol', { flag, protocol: url.protocol }), { code: 'BAD_URL' });
}
