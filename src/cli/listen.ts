/**
 * What every command that listens (sandbox serve, sandbox open, webhook listen) shares: the
 * --port flag and the sentence for a port or host it cannot listen on.
 */
import { usageError, type SmsctlError } from '../errors.js';

/** --port: 0 (any free port) allowed unless `min` says otherwise. */
export function portNumber(min = 0): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > 65_535) throw usageError(`--port: expected a port from ${min} to 65535, got "${v}"`, 'BAD_FLAG');
    return n;
  };
}

/** Listening failures are the user's to fix (another server on the port, a wrong --host): usage, not a crash. */
export function listenError(error: NodeJS.ErrnoException, where: { port: number; host: string }, busyHint = ''): SmsctlError | undefined {
  switch (error.code) {
    case 'EADDRINUSE':
      return usageError(`--port ${where.port}: already in use on ${where.host}${busyHint}; pick another port, or --port 0 for a free one`, 'PORT_IN_USE');
    case 'EACCES':
      return usageError(`--port ${where.port}: not allowed to listen on it (ports below 1024 need privileges); pick one above 1024`, 'PORT_NOT_ALLOWED');
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return usageError(`--host ${where.host}: not an address of this machine`, 'BAD_HOST');
    default:
      return undefined;
  }
}
