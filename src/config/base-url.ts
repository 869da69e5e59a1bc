import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Keys must never travel in clear text: plain http is allowed only to this machine
 * (the sandbox, a local proxy). `where` names the flag or variable the URL came from.
 */
export function checkBaseUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SmsctlError('usage', t('config.base_url.not_url', { where, value }), {
      code: 'BAD_BASE_URL',
    });
  }
  if (url.protocol === 'https:') return value.replace(/\/+$/, '');
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return value.replace(/\/+$/, '');
  if (url.protocol === 'http:') {
    throw new SmsctlError('usage', t('config.base_url.insecure', { where, host: url.hostname }), { code: 'INSECURE_BASE_URL' });
  }
  throw new SmsctlError('usage', t('config.base_url.protocol', { where, protocol: url.protocol }), { code: 'BAD_BASE_URL' });
}
