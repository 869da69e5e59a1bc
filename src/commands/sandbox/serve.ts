import type { Command } from 'commander';
import { listenError, portNumber } from '../../cli/listen.js';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { usageError } from '../../errors.js';
import { language, t } from '../../i18n/index.js';
import { positiveInt } from '../profile/add.js';
import { fromSandboxError, sandboxCall } from './errors.js';

export interface SandboxServeOptions {
  port: number;
  host: string;
  state?: string;
  latency?: number;
  seed?: number;
  deliveryDelay?: number;
  otpTtl?: number;
  allowHost?: string[];
  webhook?: string[];
  webhookSecret?: string;
}

const nonNegative = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw usageError(t('sandbox.serve.bad_whole_number', { flag, value: v }), 'BAD_FLAG');
  return n;
};

export function registerSandboxServe(parent: Command, ctx: Context): void {
  parent
    .command('serve')
    .description(t('sandbox.serve.description'))
    .option('--port <port>', t('sandbox.serve.opt.port'), portNumber(), 8787)
    .option('--host <host>', t('sandbox.serve.opt.host'), '127.0.0.1')
    .option('--state <file>', t('sandbox.serve.opt.state'))
    .option('--latency <ms>', t('sandbox.serve.opt.latency'), nonNegative('--latency'))
    .option('--seed <n>', t('sandbox.serve.opt.seed'), (v) => positiveInt(v, '--seed'))
    .option('--delivery-delay <ms>', t('sandbox.serve.opt.delivery_delay'), nonNegative('--delivery-delay'))
    .option('--otp-ttl <seconds>', t('sandbox.serve.opt.otp_ttl'), (v) => positiveInt(v, '--otp-ttl'))
    .option('--allow-host <name...>', t('sandbox.serve.opt.allow_host'))
    .option('--webhook <url...>', t('sandbox.serve.opt.webhook'))
    .option('--webhook-secret <secret>', t('sandbox.serve.opt.webhook_secret'))
    .action((opts: SandboxServeOptions) => runSandboxServe(opts, ctx));
}

export async function runSandboxServe(opts: SandboxServeOptions, ctx: Context): Promise<void> {
  for (const url of opts.webhook ?? []) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw usageError(t('sandbox.serve.bad_webhook_url', { url }), 'BAD_WEBHOOK_URL');
    }
  }
  if (opts.webhookSecret !== undefined && !opts.webhook?.length) throw usageError(t('sandbox.serve.secret_needs_webhook'), 'BAD_FLAG');
  if (opts.webhookSecret !== undefined && opts.webhookSecret.length < 8) throw usageError(t('sandbox.serve.secret_too_short'), 'BAD_FLAG');
  const { startSandbox, MAGIC_NUMBERS, MESMS_SEEDED_SENDERS, MESMS_TEMPLATES, contactGroups } = await import('../../sandbox/index.js');
  const sandbox = await startSandbox({
    host: opts.host,
    port: opts.port,
    stateFile: opts.state,
    latencyMs: opts.latency,
    seed: opts.seed,
    deliveryDelayMs: opts.deliveryDelay,
    otpTtlMs: opts.otpTtl === undefined ? undefined : opts.otpTtl * 1000,
    allowHosts: opts.allowHost,
    adminToken: ctx.env.SMSCTL_SANDBOX_TOKEN || undefined,
    webhooks: opts.webhook?.map((url) => ({ url, secret: opts.webhookSecret })),
    // The web inbox's language when the browser names none it has.
    language: language(),
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, opts, t('sandbox.another_sandbox')) ?? fromSandboxError(error);
  });
  const { providers: p } = sandbox.info;
  const out = ctx.stdout;
  // i18n-ignore: the address line scripts wait for and read the URL from (scripts/bench.mjs, the README's examples, the e2e tests), in every language
  writeLine(out, `smsctl sandbox listening on ${sandbox.listenUrl}  (info: ${sandbox.url}/__sandbox/info)`);
  if (sandbox.exposed) {
    if (sandbox.listenUrl !== sandbox.reachableUrls[0] || sandbox.reachableUrls.length > 1) {
      writeLine(out, t('sandbox.serve.reachable', { urls: sandbox.reachableUrls.join(', ') }));
    }
    writeLine(out, t('sandbox.serve.admin_token', { token: sandbox.adminToken ?? '' }));
    writeLine(ctx.stderr, t('sandbox.serve.exposed_warning', { host: opts.host }));
  }
  writeLine(out, `  SEPSMS       ${p.sepsms.baseUrl}  X-API-Key: ${p.sepsms.apiKey}`);
  writeLine(out, `  ME-SMS       ${p.mesms.baseUrl}  x-api-key: ${p.mesms.apiKey}`);
  writeLine(out, t('sandbox.serve.thaibulksms', { url: p.thaibulksms.baseUrl, key: p.thaibulksms.apiKey, secret: p.thaibulksms.apiSecret }));
  writeLine(out, t('sandbox.serve.thaibulksms_otp', { url: p.thaibulksms.otpBaseUrl, key: p.thaibulksms.otpKey, secret: p.thaibulksms.otpSecret }));
  writeLine(out, t('sandbox.serve.inbox', { url: sandbox.url }));
  writeLine(out, t('sandbox.serve.web_inbox', { url: sandbox.url }));
  for (const w of sandbox.webhooks) {
    // The user's test secret for this sandbox: printed here, where `sandbox webhooks add` would show it.
    writeLine(out, t('sandbox.serve.webhook', { url: w.url, events: w.events.length ? w.events.join(', ') : t('sandbox.all_events'), secret: w.secret }));
  }
  writeLine(out, t('sandbox.serve.magic_numbers', { list: Object.entries(MAGIC_NUMBERS).map(([n, s]) => `${n} → ${s}`).join(', ') }));
  writeLine(out, t('sandbox.serve.mesms_senders', { list: MESMS_SEEDED_SENDERS.map((s) => `${s.name} (${s.status})`).join(', ') }));
  const groups = contactGroups().map((g) => t('sandbox.serve.group', { id: g.id, name: g.name, count: g.size }));
  writeLine(out, t('sandbox.serve.mesms_groups', { list: groups.join(', ') }));
  writeLine(out, t('sandbox.serve.mesms_templates', { list: MESMS_TEMPLATES.map((m) => `${m.id} ${m.name} "${m.content}"`).join(', ') }));
  writeLine(out, t('sandbox.serve.use_it', { url: sandbox.url }));
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sandboxCall(() => sandbox.close());
  writeLine(ctx.stderr, t('sandbox.stopped'));
}
