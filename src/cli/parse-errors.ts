/**
 * Argument-parser failures in the tool's own contract: one `smsctl: error:` line naming the
 * flag, exit 2, the JSON envelope under --json — and never the value of an unknown option,
 * which may be a key pasted where it does not belong.
 */
import type { Command, CommanderError, Option } from 'commander';
import { SmsctlError, usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { commandPath } from './help.js';

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

/** Why a secret is refused as a flag, and where it goes instead. */
export function secretsHint(flag: string): string {
  return t('cli.parse.secret_flag', { flag });
}

export function parserError(error: CommanderError, argv: readonly string[], program: Command): SmsctlError {
  const code = CODES[error.code] ?? 'USAGE';
  const where = helpFor(argv, program);
  if (error.code === 'commander.unknownOption') {
    const token = /'([^']*)'/.exec(error.message)?.[1] ?? '';
    const flag = token.split('=')[0]!;
    if (SECRET_FLAG.test(flag)) return usageError(secretsHint(flag), 'SECRET_FLAG');
    const suggestion = suggestionIn(error.message);
    const message = suggestion ? t('cli.parse.unknown_option_suggest', { flag, suggestion }) : t('cli.parse.unknown_option', { flag });
    return usageError(t('cli.parse.see', { message, where }), code);
  }
  const english = error.message.replace(/^error: /, '').replace(/\n+/g, ' ').trim();
  return usageError(t('cli.parse.see', { message: reworded(error, english) ?? english, where }), code);
}

/**
 * "(Did you mean --json?)" or "(Did you mean one of send, senders?)" in commander's message,
 * as the words to put after "did you mean".
 */
function suggestionIn(message: string): string | undefined {
  const m = /\(Did you mean (one of )?([^)]*?)\?\)/.exec(message);
  if (!m) return undefined;
  return m[1] ? t('cli.parse.one_of', { names: m[2]! }) : m[2]!;
}

/**
 * commander's message (commander 14) in the catalogue's words, from its parts. A message this
 * does not recognise (a newer commander, a parser's own text) is shown as commander wrote it.
 */
function reworded(error: CommanderError, english: string): string | undefined {
  const m = (re: RegExp) => re.exec(english);
  switch (error.code) {
    case 'commander.unknownCommand': {
      const name = m(/^unknown command '([^']*)'/)?.[1];
      if (name === undefined) return undefined;
      const suggestion = suggestionIn(error.message);
      return suggestion ? t('cli.parse.unknown_command_suggest', { name, suggestion }) : t('cli.parse.unknown_command', { name });
    }
    case 'commander.missingArgument': {
      const name = m(/^missing required argument '([^']*)'$/)?.[1];
      return name === undefined ? undefined : t('cli.parse.missing_argument', { name });
    }
    case 'commander.optionMissingArgument': {
      const flags = m(/^option '([^']*)' argument missing$/)?.[1];
      return flags === undefined ? undefined : t('cli.parse.missing_flag_value', { flags });
    }
    case 'commander.missingMandatoryOptionValue': {
      const flags = m(/^required option '([^']*)' not specified$/)?.[1];
      return flags === undefined ? undefined : t('cli.parse.missing_flag', { flags });
    }
    case 'commander.excessArguments': {
      const x = m(/^too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\.$/);
      if (!x) return undefined;
      const params = { count: Number(x[2]), got: x[3]! };
      return x[1] === undefined ? t('cli.parse.excess_arguments_root', params) : t('cli.parse.excess_arguments', { ...params, command: x[1] });
    }
    case 'commander.invalidArgument': {
      const option = m(/^option '([^']*)' argument '([^']*)' is invalid\. (.*)$/);
      if (option) return t('cli.parse.invalid_flag_value', { flags: option[1]!, value: option[2]!, reason: reason(option[3]!) });
      const argument = m(/^command-argument value '([^']*)' is invalid for argument '([^']*)'\. (.*)$/);
      if (argument) return t('cli.parse.invalid_argument', { value: argument[1]!, name: argument[2]!, reason: reason(argument[3]!) });
      return undefined;
    }
    case 'commander.conflictingOption': {
      const x = m(/^(.+) cannot be used with (.+)$/);
      const first = x && side(x[1]!);
      const second = x && side(x[2]!);
      return first && second ? t('cli.parse.conflict', { first, second }) : undefined;
    }
    default:
      return undefined;
  }
}

/** The reason after an invalid value: commander's list of choices, or the parser's own words. */
function reason(text: string): string {
  const choices = /^Allowed choices are (.*)\.$/.exec(text)?.[1];
  return choices === undefined ? text : t('cli.parse.choices', { choices });
}

/** "option '--a'" or "environment variable 'X'", one side of a conflict. */
function side(text: string): string | undefined {
  const option = /^option '([^']*)'$/.exec(text)?.[1];
  if (option !== undefined) return t('cli.parse.conflict_option', { flags: option });
  const env = /^environment variable '([^']*)'$/.exec(text)?.[1];
  return env === undefined ? undefined : t('cli.parse.conflict_env', { name: env });
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
      const label = o.short && o.long ? `${o.short}/${o.long}` : (o.long ?? o.short)!;
      throw usageError(t('cli.parse.flag_as_value', { label, flag: bad.split('=')[0]!, option: (o.long ?? o.short)! }), 'FLAG_AS_VALUE');
    }
  }
  for (const a of cmd.args) {
    // The help of the command itself: `smsctl profile add --help`, not `smsctl add --help`.
    if (typeof a === 'string' && isFlag(a)) throw usageError(t('cli.parse.flag_as_argument', { arg: a, where: `smsctl ${commandPath(cmd)} --help` }), 'FLAG_AS_VALUE');
  }
}
