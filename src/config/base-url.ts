import { SmsctlError } from '../errors.js';

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
    throw new SmsctlError('usage', `${where}: "${value}" is not a URL (expected e.g. https://sepsms.com/api/v2)`, {
      code: 'BAD_BASE_URL',
    });
  }
  if (url.protocol === 'https:') return value.replace(/\/+$/, '');
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return value.replace(/\/+$/, '');
  if (url.protocol === 'http:') {
    throw new SmsctlError(
      'usage',
      `${where}: plain http:// is refused for ${url.hostname} because API keys would travel in clear text; use https:// (http is allowed only for 127.0.0.1/localhost)`,
      { code: 'INSECURE_BASE_URL' },
    );
  }
  throw new SmsctlError('usage', `${where}: unsupported protocol ${url.protocol} (use https://)`, { code: 'BAD_BASE_URL' });
}
