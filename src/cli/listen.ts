/**
 * What every command that listens (sandbox serve, sandbox open, webhook listen) shares: the
 * --port flag and the sentence for a port or host it cannot listen on.
 */
import { usageError, type SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

/** --port: 0 (any free port) allowed unless `min` says otherwise. */
export function portNumber(min = 0): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > 65_535) throw usageError(t('cli.listen.bad_port', { min, value: v }), 'BAD_FLAG');
    return n;
  };
}

/**
 * Listening failures are the user's to fix (another server on the port, a wrong --host): usage,
 * not a crash. `busyHint`, when given, starts with a space: " (another sandbox?)".
 */
export function listenError(error: NodeJS.ErrnoException, where: { port: number; host: string }, busyHint = ''): SmsctlError | undefined {
  switch (error.code) {
    case 'EADDRINUSE':
      return usageError(t('cli.listen.in_use', { port: where.port, host: where.host, hint: busyHint }), 'PORT_IN_USE');
    case 'EACCES':
      return usageError(t('cli.listen.not_allowed', { port: where.port }), 'PORT_NOT_ALLOWED');
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return usageError(t('cli.listen.bad_host', { host: where.host }), 'BAD_HOST');
    default:
      return undefined;
  }
}
