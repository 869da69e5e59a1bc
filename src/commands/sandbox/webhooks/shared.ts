import type { Command } from 'commander';
import { SmsctlError } from '../../../errors.js';
import { notASandbox, type SandboxTarget } from '../client.js';

export interface WebhookView {
  id: string;
  url: string;
  /** Empty = every event. */
  events: string[];
  /** Whole only in `add`'s answer; masked everywhere else. */
  secret: string;
  createdAt: string;
}

export interface TargetOptions {
  url?: string;
  token?: string;
}

/** --url / --token, as `sandbox inbox` has them. */
export function targetFlags(cmd: Command): Command {
  return cmd
    .option('--url <url>', "a running `smsctl sandbox serve` (default: the embedded sandbox's saved state)")
    .option('--token <token>', 'the admin token a `sandbox serve` on a non-loopback address prints (default: $SMSCTL_SANDBOX_TOKEN)');
}

export const describeTarget = (t: SandboxTarget): string => ('url' in t ? t.url : 'the embedded sandbox');

/** The sandbox's 4xx answer as the user's error (it names the field), anything else as "not a sandbox". */
export function answerError(target: SandboxTarget, path: string, res: { status: number; body: unknown }): SmsctlError {
  const message = (res.body as { error?: unknown } | undefined)?.error;
  if (res.status >= 400 && res.status < 500 && typeof message === 'string') {
    return new SmsctlError(res.status === 404 ? 'invalid' : 'usage', message, { code: res.status === 404 ? 'WEBHOOK_NOT_FOUND' : 'INVALID_WEBHOOK', status: res.status });
  }
  return notASandbox(describeTarget(target), path, res.status);
}

export const eventsText = (events: string[]): string => (events.length === 0 ? 'all events' : events.join(', '));
