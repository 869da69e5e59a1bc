/**
 * Runs the CLI against an injected context and returns the exit code. The bin entry
 * is the only place that turns that code into process.exit.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, SmsctlError, isSmsctlError } from '../errors.js';
import { redact } from '../core/mask.js';
import type { Context } from './context.js';
import { writeJson } from './output.js';
import { buildProgram } from './program.js';
import { colorLevel } from './style.js';
import { stopError } from './signals.js';

export async function runCli(argv: readonly string[], ctx: Context): Promise<number> {
  const program = buildProgram(ctx);
  let json = false;
  program.hook('preAction', (_root, action: Command) => {
    const opts = action.optsWithGlobals<{ profile?: string; verbose?: boolean; color?: boolean; json?: boolean }>();
    ctx.global.profile = opts.profile;
    ctx.global.verbose = opts.verbose;
    ctx.global.color = opts.color;
    json = Boolean(opts.json);
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? 0
        : EXIT_CODES.usage;
    }
    return report(error, ctx, json);
  }
}

function report(error: unknown, ctx: Context, json: boolean): number {
  const err = isSmsctlError(error)
    ? error
    : ctx.signal.aborted
      ? stopError(ctx.signal, '')
      : new SmsctlError('internal', `internal error: ${(error as Error)?.message ?? String(error)}`, {
          code: 'INTERNAL',
          cause: error,
        });
  // Errors may quote provider text or env values: scrub anything that looks like a configured secret.
  const secrets = [ctx.env.SMSCTL_API_KEY, ctx.env.SMSCTL_API_SECRET, ctx.env.SMSCTL_OTP_KEY, ctx.env.SMSCTL_OTP_SECRET];
  const message = redact(err.message, secrets);
  if (json && !ctx.jsonWritten) writeJson(ctx, { ok: false, error: { ...err.toJSON(), message } });
  // The same colour rules as everywhere, without loading chalk for one red prefix.
  const prefix = colorLevel(ctx, ctx.stderr) > 0 ? '\u001b[31msmsctl: error:\u001b[39m' : 'smsctl: error:';
  ctx.stderr.write(`${prefix} ${message}\n`);
  if (err.kind === 'internal' && ctx.global.verbose && err.cause instanceof Error && err.cause.stack) {
    ctx.stderr.write(`${redact(err.cause.stack, secrets)}\n`);
  }
  return err.exitCode;
}
