import { Command, Option } from 'commander';
import type { Context } from './context.js';
import { exitCodeHelp } from '../errors.js';
import { t } from '../i18n/index.js';
import { addHelp } from './help.js';
import { StubCommand, WHOLE_TREE, targetCommand } from './stub-command.js';
import { registerBalance } from '../commands/balance/balance.js';
import { registerProfile } from '../commands/profile/index.js';
import { registerSandbox } from '../commands/sandbox/index.js';
import { registerSend } from '../commands/send/send.js';
import { registerStatus } from '../commands/status/status.js';
import { registerRecipients } from '../commands/recipients/recipients.js';
import { registerCancel } from '../commands/cancel/cancel.js';
import { registerOtp } from '../commands/otp/index.js';
import { registerRuns } from '../commands/runs/index.js';
import { registerCompletion } from '../commands/completion/completion.js';
import { registerMcp } from '../commands/mcp/mcp.js';
import { registerPreviewCost } from '../commands/preview-cost/preview-cost.js';
import { registerMessages } from '../commands/messages/messages.js';
import { registerSenders } from '../commands/senders/senders.js';
import { registerWebhook } from '../commands/webhook/index.js';

/**
 * The command tree. Given the arguments, only the command they run is built whole; the others
 * are stubs that list in `--help` as they would (startup, issue 9). Without arguments (tests,
 * completion) every command is built whole.
 */
export function buildProgram(ctx: Context, argv?: readonly string[]): Command {
  const target = argv ? targetCommand(argv) : WHOLE_TREE;
  const program = new (class extends Command {
    override createCommand(name?: string): Command {
      // `name` may carry the arguments ("cancel <ref>"): the first word is the command.
      return target === WHOLE_TREE || name?.split(' ')[0] === target ? new Command(name) : new StubCommand(name);
    }
  })('smsctl')
    .description(t('help.root.description'))
    .version(ctx.version, '-V, --version', t('help.version'))
    .addOption(new Option('-p, --profile <name>', t('help.root.profile')))
    .option('--verbose', t('help.root.verbose'))
    .option('--no-color', t('help.root.no_color'))
    .addOption(new Option('--lang <lang>', t('lang.option')))
    // Before any subcommand is added: each one copies these from its parent as it is created.
    .helpOption('-h, --help', t('help.help_option'))
    .helpCommand('help [command]', t('help.help_command'))
    .exitOverride()
    .configureOutput(outputFor(ctx));
  addHelp(program);
  program.addHelpText('after', `\n${exitCodeHelp()}`);
  registerSend(program, ctx);
  registerBalance(program, ctx);
  registerRuns(program, ctx);
  registerStatus(program, ctx);
  registerRecipients(program, ctx);
  registerCancel(program, ctx);
  registerPreviewCost(program, ctx);
  registerMessages(program, ctx);
  registerSenders(program, ctx);
  registerOtp(program, ctx);
  registerProfile(program, ctx);
  registerSandbox(program, ctx);
  registerMcp(program, ctx);
  registerWebhook(program, ctx);
  registerCompletion(program, ctx);
  for (const cmd of program.commands) inheritBehaviour(cmd, ctx);
  return program;
}

/** Help goes to the injected streams; parser errors are printed by the entry point, in the contract. */
function outputFor(ctx: Context) {
  return {
    writeOut: (s: string) => ctx.stdout.write(s),
    writeErr: (s: string) => ctx.stderr.write(s),
    outputError: () => undefined,
  };
}

/** Subcommands must also throw instead of exiting and write to the injected streams. */
function inheritBehaviour(cmd: Command, ctx: Context): void {
  cmd.exitOverride();
  cmd.configureOutput(outputFor(ctx));
  addHelp(cmd);
  for (const sub of cmd.commands) inheritBehaviour(sub, ctx);
}
