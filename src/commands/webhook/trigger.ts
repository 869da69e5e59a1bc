import { Argument, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { SmsctlError, usageError } from '../../errors.js';
import { EVENTS, type WebhookEvent } from '../../webhooks/names.js';

export interface WebhookTriggerOptions {
  event: WebhookEvent;
  to: string;
  secret?: string;
  data?: string[];
}

/** What of the receiver's answer is shown: enough to read an error page. */
const SHOWN_BYTES = 2048;

export function registerWebhookTrigger(parent: Command, ctx: Context): void {
  parent
    .command('trigger')
    .description('POST a correctly signed sample SEPSMS event to your receiver and show its answer')
    .addArgument(new Argument('<event>', 'the event to send').choices(EVENTS))
    .requiredOption('--to <url>', 'your receiver\'s URL')
    .option('--secret <secret>', 'the webhook signing secret (default: SMSCTL_WEBHOOK_SECRET, then the profile\'s)')
    .option('--data <key=value>', 'override a field of the sample (repeatable); KEY:=JSON sets any JSON value', (v: string, all: string[] = []) => [...all, v])
    .action((event: WebhookEvent, opts: Omit<WebhookTriggerOptions, 'event'>) => runWebhookTrigger({ ...opts, event }, ctx));
}

export async function runWebhookTrigger(opts: WebhookTriggerOptions, ctx: Context): Promise<void> {
  const target = checkTarget(opts.to);
  const { findWebhookSecret, NO_SECRET_HINT } = await import('../../webhooks/secret.js');
  const secret = await findWebhookSecret(ctx, opts.secret);
  if (!secret) throw usageError(`no webhook secret to sign with; ${NO_SECRET_HINT}`, 'SECRET_MISSING');
  const { sampleEvent } = await import('../../webhooks/events.js');
  const now = ctx.now();
  const payload = applyData(sampleEvent(opts.event, { now }), opts.data ?? []);
  const body = JSON.stringify(payload);
  writeLine(ctx.stderr, `POST ${target}  ${opts.event}  txId ${String(payload.txId)}  (signed with the secret from ${secret.from})`);
  const { postSignedEvent } = await import('../../webhooks/post.js');
  const res = await postSignedEvent({ target, event: opts.event, body, secret: secret.value, at: now, userAgent: `smsctl/${ctx.version}`, dispatcher: ctx.dispatcher, signal: ctx.signal });
  const text = res.body;
  const ms = res.ms;
  writeLine(ctx.stdout, `${res.status} in ${ms} ms`);
  if (text.length) writeLine(ctx.stdout, `${text.subarray(0, SHOWN_BYTES).toString('utf8')}${text.length > SHOWN_BYTES ? `… (${text.length} bytes)` : ''}`);
  if (res.status >= 500) throw new SmsctlError('provider', `the receiver answered ${res.status}`, { code: 'RECEIVER_ERROR', status: res.status });
  if (res.status >= 300) throw new SmsctlError('invalid', `the receiver answered ${res.status}: it did not accept the ${opts.event} event`, { code: 'RECEIVER_REJECTED', status: res.status });
}

function checkTarget(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--to: "${value.slice(0, 60)}" is not a URL (expected e.g. http://127.0.0.1:3000/hooks/sepsms)`, 'BAD_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--to: unsupported protocol ${url.protocol} (use http:// or https://)`, 'BAD_URL');
  return value;
}

/** KEY=VALUE keeps the sample field's type (a number stays a number); KEY:=JSON sets any JSON value. */
export function applyData(sample: Record<string, unknown>, data: readonly string[]): Record<string, unknown> {
  const out = { ...sample };
  for (const item of data) {
    const json = /^([A-Za-z_][\w.-]*):=(.*)$/s.exec(item);
    if (json) {
      try {
        out[json[1]!] = JSON.parse(json[2]!) as unknown;
      } catch {
        throw usageError(`--data ${json[1]}:=…: the value is not JSON (use KEY=VALUE for text)`, 'BAD_FLAG');
      }
      continue;
    }
    const plain = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(item);
    if (!plain) throw usageError(`--data "${item.slice(0, 40)}": expected KEY=VALUE or KEY:=JSON`, 'BAD_FLAG');
    const [, key, value] = plain as unknown as [string, string, string];
    if (typeof sample[key] === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw usageError(`--data ${key}=${value.slice(0, 20)}: ${key} is a number in ${String(sample.event)}`, 'BAD_FLAG');
      out[key] = n;
    } else out[key] = value;
  }
  return out;
}
