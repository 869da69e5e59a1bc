import type { Context } from '../../cli/context.js';
import { checkBaseUrl } from '../../config/base-url.js';
import { embeddedStateFile, type SandboxTarget } from './client.js';

/** `--url` (a running `sandbox serve`, with `--token` or $SMSCTL_SANDBOX_TOKEN), else the embedded sandbox's state. */
export function sandboxTarget(opts: { url?: string; token?: string }, ctx: Context): SandboxTarget {
  if (opts.url === undefined) return { stateFile: embeddedStateFile(ctx.configDir) };
  const token = opts.token ?? (ctx.env.SMSCTL_SANDBOX_TOKEN || undefined);
  return { url: checkBaseUrl(opts.url, '--url'), token };
}
