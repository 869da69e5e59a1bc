/**
 * Runs the CLI against an injected context and returns the exit code. The bin entry
 * is the only place that turns that code into process.exit; this is the only place that
 * prints a JSON envelope or an error line.
 */
import { Command, CommanderError } from 'commander';
import { SmsctlError, isSmsctlError, usageError } from '../errors.js';
import { t, useLanguage } from '../i18n/index.js';
import { chooseLanguage } from '../i18n/lang.js';
import { redact } from '../core/mask.js';
import type { Context } from './context.js';
import { writeEnvelope } from './output.js';
import { buildProgram } from './program.js';
import { colorLevel } from './style.js';
import { stopError } from './signals.js';
import { checkFlagValues, parserError } from './parse-errors.js';

export async function runCli(args: readonly string[], ctx: Context): Promise<number> {
  let argv = args;
  // Before the command tree is built: its help text is in the chosen language.
  const choice = chooseLanguage(argv, ctx.env, ctx.configDir);
  await useLanguage(choice.lang);
  const program = buildProgram(ctx, argv);
  // Known before parsing, so a parser error under --json is an envelope too.
  let json = wantsJson(argv);
  program.hook('preAction', (_root, action: Command) => {
    checkFlagValues(action);
    const opts = action.optsWithGlobals<{ profile?: string; verbose?: boolean; color?: boolean; json?: boolean }>();
    ctx.global.profile = opts.profile;
    ctx.global.verbose = opts.verbose;
    ctx.global.color = opts.color;
    json = Boolean(opts.json);
  });
  if (choice.invalid) {
    const { source, value } = choice.invalid;
    const error = source === '--lang' ? usageError(t('lang.invalid_flag', { value }), 'BAD_FLAG') : usageError(t('lang.invalid_env', { value }), 'BAD_LANGUAGE');
    return report(error, ctx, json);
  }
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  // `smsctl help profile add`: commander's help takes one word; the rest is a subcommand path.
  if (argv[0] === 'help' && argv.length > 2) argv = [...argv.slice(1).filter((a) => !a.startsWith('-')), '--help'];
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    if (json) writeEnvelope(ctx);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' || error.exitCode === 0) return 0;
      return report(parserError(error, argv, program), ctx, json);
    }
    return report(error, ctx, json);
  }
}

/** `--json` anywhere before a `--`. */
function wantsJson(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--json') return true;
  }
  return false;
}

function report(error: unknown, ctx: Context, json: boolean): number {
  const err = isSmsctlError(error)
    ? error
    : ctx.signal.aborted
      ? stopError(ctx.signal, '')
      : new SmsctlError('internal', t('error.internal', { message: (error as Error)?.message ?? String(error) }), {
          code: 'INTERNAL',
          cause: error,
        });
  // Errors may quote provider text or env values: scrub anything that looks like a configured secret.
  const secrets = [ctx.env.SMSCTL_API_KEY, ctx.env.SMSCTL_API_SECRET, ctx.env.SMSCTL_OTP_KEY, ctx.env.SMSCTL_OTP_SECRET, ctx.env.SMSCTL_WEBHOOK_SECRET];
  const message = redact(err.message, secrets);
  if (json) writeEnvelope(ctx, { ...err.toJSON(), message });
  // Ctrl-C at a prompt, or a plain "no": nothing to explain beyond the exit code and the line.
  if (err.plain) {
    if (err.message) ctx.stderr.write(`${message}\n`);
    return err.exitCode;
  }
  // The same colour rules as everywhere, without loading chalk for one red prefix.
  const prefix = colorLevel(ctx, ctx.stderr) > 0 ? `\u001b[31m${t('error.prefix')}\u001b[39m` : t('error.prefix');
  ctx.stderr.write(`${prefix} ${message}\n`);
  if (err.kind === 'internal' && ctx.global.verbose && err.cause instanceof Error && err.cause.stack) {
    ctx.stderr.write(`${redact(err.cause.stack, secrets)}\n`);
  }
  return err.exitCode;
}
