import type { Command } from 'commander';
import { SmsctlError } from '../../../errors.js';
import { t } from '../../../i18n/index.js';
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
    .option('--url <url>', t('sandbox.opt.url'))
    .option('--token <token>', t('sandbox.opt.token'));
}

export const describeTarget = (target: SandboxTarget): string => ('url' in target ? target.url : t('sandbox.embedded'));

/** The sandbox's 4xx answer as the user's error (it names the field), anything else as "not a sandbox". */
export function answerError(target: SandboxTarget, path: string, res: { status: number; body: unknown }): SmsctlError {
  const message = (res.body as { error?: unknown } | undefined)?.error;
  if (res.status >= 400 && res.status < 500 && typeof message === 'string') {
    return new SmsctlError(res.status === 404 ? 'invalid' : 'usage', message, { code: res.status === 404 ? 'WEBHOOK_NOT_FOUND' : 'INVALID_WEBHOOK', status: res.status });
  }
  return notASandbox(describeTarget(target), path, res.status);
}

export const eventsText = (events: string[]): string => (events.length === 0 ? t('sandbox.all_events') : events.join(', '));
