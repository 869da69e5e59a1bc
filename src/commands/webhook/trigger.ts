import { Argument, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { SmsctlError, usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
    .description(t('webhook.trigger.description'))
    .addArgument(new Argument('<event>', t('webhook.arg.event')).choices(EVENTS))
    .requiredOption('--to <url>', t('webhook.opt.to'))
    .option('--secret <secret>', t('webhook.opt.secret'))
    .option('--data <key=value>', t('webhook.opt.data'), (v: string, all: string[] = []) => [...all, v])
    .action((event: WebhookEvent, opts: Omit<WebhookTriggerOptions, 'event'>) => runWebhookTrigger({ ...opts, event }, ctx));
}

export async function runWebhookTrigger(opts: WebhookTriggerOptions, ctx: Context): Promise<void> {
  const target = checkTarget(opts.to);
  const { findWebhookSecret, noSecretHint } = await import('../../webhooks/secret.js');
  const secret = await findWebhookSecret(ctx, opts.secret);
  if (!secret) throw usageError(t('webhook.trigger.no_secret', { hint: noSecretHint() }), 'SECRET_MISSING');
  const { sampleEvent } = await import('../../webhooks/events.js');
  const now = ctx.now();
  const payload = applyData(sampleEvent(opts.event, { now }), opts.data ?? []);
  const body = JSON.stringify(payload);
  writeLine(ctx.stderr, t('webhook.trigger.posting', { target, event: opts.event, txId: String(payload.txId), from: secret.from }));
  const { postSignedEvent } = await import('../../webhooks/post.js');
  const res = await postSignedEvent({ target, event: opts.event, body, secret: secret.value, at: now, userAgent: `smsctl/${ctx.version}`, dispatcher: ctx.dispatcher, signal: ctx.signal });
  const text = res.body;
  const ms = res.ms;
  writeLine(ctx.stdout, t('webhook.trigger.answer', { status: res.status, ms }));
  if (text.length) writeLine(ctx.stdout, `${text.subarray(0, SHOWN_BYTES).toString('utf8')}${text.length > SHOWN_BYTES ? t('webhook.trigger.clipped', { bytes: text.length }) : ''}`);
  if (res.status >= 500) throw new SmsctlError('provider', t('webhook.trigger.receiver_error', { status: res.status }), { code: 'RECEIVER_ERROR', status: res.status });
  if (res.status >= 300) throw new SmsctlError('invalid', t('webhook.trigger.receiver_rejected', { status: res.status, event: opts.event }), { code: 'RECEIVER_REJECTED', status: res.status });
}

function checkTarget(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(t('webhook.trigger.bad_url', { value: value.slice(0, 60) }), 'BAD_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(t('webhook.trigger.bad_protocol', { protocol: url.protocol }), 'BAD_URL');
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
        throw usageError(t('webhook.data.not_json', { key: json[1]! }), 'BAD_FLAG');
      }
      continue;
    }
    const plain = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(item);
    if (!plain) throw usageError(t('webhook.data.bad', { item: item.slice(0, 40) }), 'BAD_FLAG');
    const [, key, value] = plain as unknown as [string, string, string];
    if (typeof sample[key] === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw usageError(t('webhook.data.not_number', { key, value: value.slice(0, 20), event: String(sample.event) }), 'BAD_FLAG');
      out[key] = n;
    } else out[key] = value;
  }
  return out;
}
