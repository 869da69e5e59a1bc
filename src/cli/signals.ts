/**
 * The process's signal handling, owned here and nowhere else. A stop signal aborts the
 * context's signal (the command finishes what is in flight, records it and reports);
 * a second one leaves at once. Dependencies may not listen: conf → atomically → when-exit
 * re-raises SIGINT from its own listener, which looked like a second Ctrl-C and killed
 * sends before anything was recorded.
 */
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** Conventional shell codes: 128 + the signal number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

const OWNED = new Set<string | symbol>(['SIGINT', 'SIGTERM', 'SIGHUP']);
const REGISTER = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;

export interface SignalOwner {
  signal: AbortSignal;
}

export function ownSignals(proc: NodeJS.Process = process, exit: (code: number) => void = (c) => proc.exit(c)): SignalOwner {
  const controller = new AbortController();
  const onSignal = (name: StopSignal) => {
    if (controller.signal.aborted) exit(SIGNAL_EXIT_CODES[(controller.signal.reason as StopSignal) ?? name] ?? 130);
    else controller.abort(name);
  };
  for (const name of OWNED) {
    proc.removeAllListeners(name as string);
    proc.on(name as StopSignal, () => onSignal(name as StopSignal));
  }
  // Later listeners for the signals we own are accepted and ignored, so a library's
  // "clean up and re-raise" cannot end the process behind the command's back.
  for (const method of REGISTER) {
    const original = proc[method].bind(proc) as (event: string | symbol, listener: (...args: unknown[]) => void) => NodeJS.Process;
    (proc as unknown as Record<string, unknown>)[method] = (event: string | symbol, listener: (...args: unknown[]) => void) =>
      OWNED.has(event) ? proc : original(event, listener);
  }
  return { signal: controller.signal };
}

/** Which stop signal aborted a context signal, if any. */
export function stopSignalOf(signal: AbortSignal): StopSignal | undefined {
  if (!signal.aborted) return undefined;
  const r = signal.reason as unknown;
  return r === 'SIGTERM' || r === 'SIGHUP' ? r : 'SIGINT';
}

/** The error a stop ends with: its kind gives the signal's exit code (130, 143, 129). */
export function stopError(signal: AbortSignal, detail: string): SmsctlError {
  const s = stopSignalOf(signal) ?? 'SIGINT';
  const kind = s === 'SIGTERM' ? 'terminated' : s === 'SIGHUP' ? 'hangup' : 'interrupted';
  return new SmsctlError(kind, detail ? t('cli.stopped_detail', { signal: s, detail }) : t('cli.stopped', { signal: s }), { code: 'INTERRUPTED' });
}
