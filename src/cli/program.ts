import { Command, Option } from 'commander';
import type { Context } from './context.js';
import { registerBalance } from '../commands/balance/balance.js';
import { registerProfile } from '../commands/profile/index.js';
import { registerSandbox } from '../commands/sandbox/index.js';
import { registerSend } from '../commands/send/send.js';
import { registerStatus } from '../commands/status/status.js';
import { registerRecipients } from '../commands/recipients/recipients.js';
import { registerCancel } from '../commands/cancel/cancel.js';
import { registerOtp } from '../commands/otp/index.js';
import { registerRuns } from '../commands/runs/index.js';

export function buildProgram(ctx: Context): Command {
  const program = new Command('smsctl')
    .description('Send bulk SMS and OTPs through ThaiBulkSMS, SEPSMS and ME-SMS (with a built-in sandbox)')
    .version(ctx.version, '-V, --version')
    .addOption(new Option('-p, --profile <name>', 'profile to use (default: SMSCTL_PROFILE, SMSCTL_PROVIDER, then the default profile)'))
    .option('--verbose', 'print each HTTP request and response to stderr (secrets redacted)')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  program.addHelpText(
    'after',
    '\nExit codes: 0 done, 1 internal, 2 usage, 3 invalid input, 4 auth, 5 credit, 6 rate limited,\n7 provider/network, 8 partial, 10 OTP not verified, 129 hangup, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
  );
  registerSend(program, ctx);
  registerBalance(program, ctx);
  registerRuns(program, ctx);
  registerStatus(program, ctx);
  registerRecipients(program, ctx);
  registerCancel(program, ctx);
  registerOtp(program, ctx);
  registerProfile(program, ctx);
  registerSandbox(program, ctx);
  for (const cmd of program.commands) inheritBehaviour(cmd, ctx);
  return program;
}

/** Subcommands must also throw instead of exiting and write to the injected streams. */
function inheritBehaviour(cmd: Command, ctx: Context): void {
  cmd.exitOverride();
  cmd.configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  cmd.showHelpAfterError('(run with --help for usage)');
  for (const sub of cmd.commands) inheritBehaviour(sub, ctx);
}
