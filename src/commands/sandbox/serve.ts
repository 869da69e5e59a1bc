import type { Command } from 'commander';
import { listenError, portNumber } from '../../cli/listen.js';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { usageError } from '../../errors.js';
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
  if (!Number.isInteger(n) || n < 0) throw usageError(`${flag}: expected a whole number ≥ 0, got "${v}"`, 'BAD_FLAG');
  return n;
};

export function registerSandboxServe(parent: Command, ctx: Context): void {
  parent
    .command('serve')
    .description('run the emulator as an HTTP server until Ctrl-C')
    .option('--port <port>', 'port to listen on (0 picks a free one)', portNumber(), 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--state <file>', 'keep state in this file so a restart keeps it (default: memory only)')
    .option('--latency <ms>', 'delay every response by this many milliseconds', nonNegative('--latency'))
    .option('--seed <n>', 'deterministic ids and OTP codes', (v) => positiveInt(v, '--seed'))
    .option('--delivery-delay <ms>', 'time from pending to a final delivery status', nonNegative('--delivery-delay'))
    .option('--otp-ttl <seconds>', 'OTP lifetime when a request names none (default 300; a few seconds shows expiry quickly)', (v) => positiveInt(v, '--otp-ttl'))
    .option('--allow-host <name...>', 'another name clients may reach it by (a Docker service name); the Host header is checked')
    .option('--webhook <url...>', 'send signed SEPSMS webhook events to this receiver (as `sandbox webhooks add`)')
    .option('--webhook-secret <secret>', 'signing secret for --webhook (default: a new whsec_… one, printed below)')
    .action((opts: SandboxServeOptions) => runSandboxServe(opts, ctx));
}

export async function runSandboxServe(opts: SandboxServeOptions, ctx: Context): Promise<void> {
  for (const url of opts.webhook ?? []) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw usageError(`--webhook "${url}": expected an http:// or https:// URL, e.g. http://127.0.0.1:4000/`, 'BAD_WEBHOOK_URL');
    }
  }
  if (opts.webhookSecret !== undefined && !opts.webhook?.length) throw usageError('--webhook-secret needs --webhook URL', 'BAD_FLAG');
  if (opts.webhookSecret !== undefined && opts.webhookSecret.length < 8) throw usageError('--webhook-secret: at least 8 characters', 'BAD_FLAG');
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
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, opts, ' (another sandbox?)') ?? fromSandboxError(error);
  });
  const { providers: p } = sandbox.info;
  const out = ctx.stdout;
  writeLine(out, `smsctl sandbox listening on ${sandbox.listenUrl}  (info: ${sandbox.url}/__sandbox/info)`);
  if (sandbox.exposed) {
    if (sandbox.listenUrl !== sandbox.reachableUrls[0] || sandbox.reachableUrls.length > 1) {
      writeLine(out, `  reachable at ${sandbox.reachableUrls.join(', ')}`);
    }
    writeLine(out, `  Admin token  ${sandbox.adminToken}  (Authorization: Bearer …, or --token / SMSCTL_SANDBOX_TOKEN for sandbox inbox and webhooks)`);
    writeLine(
      ctx.stderr,
      `warning: --host ${opts.host} makes the sandbox reachable from other machines; its test keys are public, so anyone who can reach it can use it. Admin endpoints (/__sandbox/*) need the token above.`,
    );
  }
  writeLine(out, `  SEPSMS       ${p.sepsms.baseUrl}  X-API-Key: ${p.sepsms.apiKey}`);
  writeLine(out, `  ME-SMS       ${p.mesms.baseUrl}  x-api-key: ${p.mesms.apiKey}`);
  writeLine(out, `  ThaiBulkSMS  ${p.thaibulksms.baseUrl}  key ${p.thaibulksms.apiKey} secret ${p.thaibulksms.apiSecret}`);
  writeLine(out, `  TBS OTP      ${p.thaibulksms.otpBaseUrl}  key ${p.thaibulksms.otpKey} secret ${p.thaibulksms.otpSecret}`);
  writeLine(out, `  Inbox        ${sandbox.url}/__sandbox/inbox?msisdn=0812345678`);
  writeLine(out, `  Web inbox    ${sandbox.url}/`);
  for (const w of sandbox.webhooks) {
    // The user's test secret for this sandbox: printed here, where `sandbox webhooks add` would show it.
    writeLine(out, `  Webhook      ${w.url}  (${w.events.length ? w.events.join(', ') : 'all events'})  signing secret ${w.secret}`);
  }
  writeLine(out, `  Magic numbers: ${Object.entries(MAGIC_NUMBERS).map(([n, s]) => `${n} → ${s}`).join(', ')}`);
  writeLine(out, `  ME-SMS senders: ${MESMS_SEEDED_SENDERS.map((s) => `${s.name} (${s.status})`).join(', ')}`);
  writeLine(out, `  ME-SMS contact groups: ${contactGroups().map((g) => `${g.id} ${g.name} (${g.size.toLocaleString('en-US')} numbers)`).join(', ')}`);
  writeLine(out, `  ME-SMS saved templates: ${MESMS_TEMPLATES.map((t) => `${t.id} ${t.name} "${t.content}"`).join(', ')}`);
  writeLine(out, `Use it: smsctl profile add local --provider sepsms --sandbox --base-url ${sandbox.url}`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sandboxCall(() => sandbox.close());
  writeLine(ctx.stderr, 'sandbox stopped');
}
