/**
 * Argument-parser failures in the tool's own contract: one `smsctl: error:` line naming the
 * flag, exit 2, the JSON envelope under --json — and never the value of an unknown option,
 * which may be a key pasted where it does not belong.
 */
import type { Command, CommanderError, Option } from 'commander';
import { SmsctlError, usageError } from '../errors.js';

const CODES: Record<string, string> = {
  'commander.unknownOption': 'UNKNOWN_OPTION',
  'commander.unknownCommand': 'UNKNOWN_COMMAND',
  'commander.missingArgument': 'MISSING_ARGUMENT',
  'commander.optionMissingArgument': 'MISSING_FLAG_VALUE',
  'commander.missingMandatoryOptionValue': 'MISSING_FLAG',
  'commander.excessArguments': 'EXCESS_ARGUMENTS',
  'commander.invalidArgument': 'BAD_FLAG',
  'commander.conflictingOption': 'CONFLICTING_FLAGS',
};

/** Flags whose name says they carry a secret: never accepted, never echoed. */
const SECRET_FLAG = /^--?(?:api[-_]?key|api[-_]?secret|secret|key|otp[-_]?key|otp[-_]?secret|password|passwd|webhook[-_]?secret)(?:=|$)/i;

export const SECRETS_HINT =
  'secrets are never taken as flags (they would stay in shell history, `ps` and cron logs): set SMSCTL_API_KEY / SMSCTL_API_SECRET (SMSCTL_OTP_KEY, SMSCTL_OTP_SECRET), or let `smsctl profile add` prompt for them';

export function parserError(error: CommanderError, argv: readonly string[], program: Command): SmsctlError {
  const code = CODES[error.code] ?? 'USAGE';
  const where = helpFor(argv, program);
  if (error.code === 'commander.unknownOption') {
    const token = /'([^']*)'/.exec(error.message)?.[1] ?? '';
    const flag = token.split('=')[0]!;
    if (SECRET_FLAG.test(flag)) return usageError(`${flag}: ${SECRETS_HINT}`, 'SECRET_FLAG');
    const suggestion = /\(Did you mean ([^)]*)\)/.exec(error.message)?.[1];
    return usageError(`unknown option ${flag}${suggestion ? ` (did you mean ${suggestion}?)` : ''} — see ${where}`, code);
  }
  const message = error.message.replace(/^error: /, '').replace(/\n+/g, ' ').trim();
  return usageError(`${message} — see ${where}`, code);
}

/** `smsctl send --help` for the command the arguments name, as far as they name one. */
function helpFor(argv: readonly string[], program: Command): string {
  const path = ['smsctl'];
  let cmd = program;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      // A flag's value is not a command name: `--profile sandbox send` is about send.
      const flag = a.split('=')[0]!;
      const option = ancestry(cmd).flatMap((c) => c.options as readonly Option[]).find((o) => o.long === flag || o.short === flag);
      if (option && (option.required || option.optional) && !a.includes('=')) i++;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    path.push(sub.name());
    cmd = sub;
  }
  return `${path.join(' ')} --help`;
}

function ancestry(cmd: Command): Command[] {
  const out: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(c);
  return out;
}

/** Every flag a command understands, its own and its parents'. */
function knownFlags(cmd: Command): Set<string> {
  const flags = new Set<string>(['--help', '-h']);
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options as readonly Option[]) {
      if (o.long) flags.add(o.long);
      if (o.short) flags.add(o.short);
    }
  }
  return flags;
}

/**
 * A value that is one of the command's own flags was a forgotten value: `-m --json` must not
 * send the text "--json", and `--to --yes` must not take "--yes" for a number.
 */
export function checkFlagValues(cmd: Command): void {
  const flags = knownFlags(cmd);
  const isFlag = (v: unknown) => typeof v === 'string' && v.startsWith('-') && flags.has(v.split('=')[0]!);
  for (const o of cmd.options as readonly Option[]) {
    const value = cmd.getOptionValue(o.attributeName()) as unknown;
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find(isFlag) as string | undefined;
    if (bad !== undefined) {
      const label = o.short && o.long ? `${o.short}/${o.long}` : (o.long ?? o.short);
      throw usageError(`${label} needs a value, but got the flag ${bad.split('=')[0]} — give the value right after ${o.long ?? o.short}`, 'FLAG_AS_VALUE');
    }
  }
  for (const a of cmd.args) {
    if (typeof a === 'string' && isFlag(a)) throw usageError(`${a} came where a value was expected — see smsctl ${cmd.name()} --help`, 'FLAG_AS_VALUE');
  }
}
