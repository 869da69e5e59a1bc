import { SmsctlError } from '../errors.js';

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
    throw new SmsctlError('usage', `${flag}: "${value.slice(0, 60)}" is not a URL (expected e.g. https://example.com/hooks/sms)`, { code: 'BAD_URL' });
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return value;
  if (url.protocol === 'http:') {
    throw new SmsctlError('usage', `${flag}: plain http:// is refused for ${url.hostname} because delivery reports (phone numbers) would travel in clear text; use https:// (http only to 127.0.0.1/localhost)`, {
      code: 'INSECURE_URL',
    });
  }
  throw new SmsctlError('usage', `${flag}: unsupported protocol ${url.protocol} (use https://)`, { code: 'BAD_URL' });
}
