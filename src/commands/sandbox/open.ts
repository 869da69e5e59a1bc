import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { checkBaseUrl } from '../../config/base-url.js';
import { SmsctlError, usageError } from '../../errors.js';
import { language, t } from '../../i18n/index.js';
import { listenError, portNumber } from '../../cli/listen.js';

export interface SandboxOpenOptions {
  port: number;
  url?: string;
  state?: string;
  browser?: boolean;
}

const DEFAULT_PORT = 8787;

export function registerSandboxOpen(parent: Command, ctx: Context): void {
  parent
    .command('open')
    .description(t('sandbox.open.description'))
    .option('--port <port>', t('sandbox.open.opt.port'), portNumber(1), DEFAULT_PORT)
    .option('--url <url>', t('sandbox.open.opt.url'))
    .option('--state <file>', t('sandbox.open.opt.state'))
    .option('--browser', t('sandbox.open.opt.browser'))
    .action((opts: SandboxOpenOptions) => runSandboxOpen(opts, ctx));
}

type Probe = 'sandbox' | 'needs-token' | 'other' | 'none';

/** What answers at a URL: a sandbox (its /__sandbox/info), one that wants its admin token, something else, or nothing. */
async function probe(url: string, token: string | undefined): Promise<Probe> {
  try {
    const res = await fetch(`${url}/__sandbox/info`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(3000),
      redirect: 'manual',
    });
    const body = (await res.json().catch(() => undefined)) as { providers?: { sepsms?: unknown }; code?: string } | undefined;
    if (res.status === 200 && body?.providers?.sepsms) return 'sandbox';
    if (res.status === 401 && body?.code === 'UNAUTHORIZED') return 'needs-token';
    return 'other';
  } catch {
    return 'none';
  }
}

/** The platform's own opener; a browser that cannot be started is a warning, the URL is printed anyway. */
async function openBrowser(url: string, ctx: Context): Promise<void> {
  const { spawn } = await import('node:child_process');
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  await new Promise<void>((resolve) => {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true, env: ctx.env as NodeJS.ProcessEnv });
    child.once('error', (e: NodeJS.ErrnoException) => {
      writeLine(ctx.stderr, t('sandbox.open.browser_failed', { command: cmd, error: e.code ?? e.message, url }));
      resolve();
    });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export async function runSandboxOpen(opts: SandboxOpenOptions, ctx: Context): Promise<void> {
  const token = ctx.env.SMSCTL_SANDBOX_TOKEN || undefined;
  const base = opts.url === undefined ? `http://127.0.0.1:${opts.port}` : checkBaseUrl(opts.url, '--url').replace(/\/+$/, '');
  const found = await probe(base, token);
  // The token rides in the fragment: the browser keeps it and never sends it in a request line or Referer.
  const pageUrl = (needsToken: boolean) => `${base}/${needsToken && token ? `#token=${encodeURIComponent(token)}` : ''}`;

  if (found === 'sandbox' || found === 'needs-token') {
    const url = pageUrl(found === 'needs-token');
    writeLine(ctx.stdout, url);
    if (found === 'needs-token' && !token) {
      writeLine(ctx.stderr, t('sandbox.open.needs_token', { url: base }));
    }
    if (opts.browser) await openBrowser(url, ctx);
    return;
  }
  if (opts.url !== undefined) {
    throw new SmsctlError(
      'provider',
      found === 'none' ? t('sandbox.open.none', { url: base }) : t('sandbox.open.not_sandbox', { url: base }),
      { code: found === 'none' ? 'NETWORK_UNREACHABLE' : 'PROVIDER_BAD_RESPONSE' },
    );
  }
  if (found === 'other') throw usageError(t('sandbox.open.port_in_use', { port: opts.port }), 'PORT_IN_USE');

  const { startSandbox } = await import('../../sandbox/index.js');
  const sandbox = await startSandbox({ host: '127.0.0.1', port: opts.port, stateFile: opts.state, language: language() }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, { port: opts.port, host: '127.0.0.1' }, t('sandbox.another_sandbox')) ?? error;
  });
  const url = `${sandbox.url}/`;
  writeLine(ctx.stdout, url);
  writeLine(ctx.stderr, t('sandbox.open.started', { url: sandbox.url }));
  if (opts.browser) await openBrowser(url, ctx);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sandbox.close();
  writeLine(ctx.stderr, t('sandbox.stopped'));
}
