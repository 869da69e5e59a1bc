/**
 * What a completion script needs to know, read from the commander tree at run time so the
 * scripts follow every command, flag and alias as it is registered — nothing is listed by hand.
 */
import { Help, type Argument, type Command, type Option } from 'commander';
import { PROVIDER_IDS } from '../../providers/types.js';

/** What a flag's value or an operand completes to. */
export type Values =
  | { kind: 'profiles' }
  | { kind: 'providers'; words: readonly string[] }
  | { kind: 'files' }
  | { kind: 'words'; words: readonly string[] }
  | { kind: 'none' };

export interface FlagSpec {
  /** "-p", when the flag has a short form. */
  short?: string;
  /** "--profile", when the flag has a long form. */
  long?: string;
  description: string;
  /** The command path ("smsctl profile") of the command that registered the flag. */
  from: string;
  /** Set when the flag requires a value; an optional value (`--resume [run]`) is not completed. */
  value?: Values;
}

export interface CommandSpec {
  /** ["smsctl", "profile", "add"]. */
  path: string[];
  /** The name first, then its aliases. */
  names: string[];
  description: string;
  /** Its own visible flags (with -h/--help), then those it inherits from the commands above it. */
  flags: FlagSpec[];
  commands: CommandSpec[];
  /** One entry per operand; the last repeats when it is variadic. */
  args: Values[];
  variadic: boolean;
}

const NONE: Values = { kind: 'none' };

/** The whole tree under `root`, hidden commands (such as `__complete`) and hidden flags left out. */
export function describeTree(root: Command): CommandSpec {
  return describe(root, [root.name()], [], new Help());
}

/** Every command of the tree, parents before their subcommands. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.commands.flatMap(allCommands)];
}

export const pathKey = (spec: CommandSpec): string => spec.path.join(' ');

function describe(cmd: Command, path: string[], inherited: FlagSpec[], help: Help): CommandSpec {
  const key = path.join(' ');
  const own = help.visibleOptions(cmd).map((o) => flagSpec(o, key));
  const taken = new Set(own.flatMap((f) => [f.short, f.long]).filter(Boolean));
  const flags = [...own, ...inherited.filter((f) => !(f.short && taken.has(f.short)) && !(f.long && taken.has(f.long)))];
  // What this command's subcommands also accept: its own flags except help and version, which are per command.
  const passedOn = [
    ...cmd.options.filter((o) => !o.hidden && o.long !== '--version' && o.long !== '--help').map((o) => flagSpec(o, key)),
    ...inherited,
  ];
  const visible = help.visibleCommands(cmd);
  const siblings = visible.filter((c) => cmd.commands.includes(c)).map((c) => c.name());
  const commands = visible.map((sub) => {
    const spec = describe(sub, [...path, sub.name()], passedOn, help);
    // The implicit `help [command]` is not in cmd.commands; its operand is one of its siblings.
    if (!cmd.commands.includes(sub)) spec.args = [{ kind: 'words', words: siblings }];
    return spec;
  });
  const args = cmd.registeredArguments.map((arg) => argumentValues(cmd, arg));
  return {
    path,
    names: [cmd.name(), ...cmd.aliases()],
    description: firstLine(cmd.summary() || cmd.description()),
    flags,
    commands,
    args,
    variadic: Boolean(cmd.registeredArguments.at(-1)?.variadic),
  };
}

function flagSpec(option: Option, from: string): FlagSpec {
  return {
    ...(option.short && { short: option.short }),
    ...(option.long && { long: option.long }),
    description: firstLine(option.description),
    from,
    ...(option.required && { value: optionValues(option) }),
  };
}

function optionValues(option: Option): Values {
  if (option.argChoices?.length) return { kind: 'words', words: option.argChoices };
  if (option.long === '--profile') return { kind: 'profiles' };
  if (option.long === '--provider') return { kind: 'providers', words: PROVIDER_IDS };
  if (/[<[]file[>\]]/.test(option.flags)) return { kind: 'files' };
  return NONE;
}

function argumentValues(cmd: Command, arg: Argument): Values {
  if (arg.argChoices?.length) return { kind: 'words', words: arg.argChoices };
  // `profile show|use|remove|test <name>` name an existing profile; `profile add <name>` a new one.
  if (cmd.parent?.name() === 'profile' && arg.name() === 'name' && cmd.name() !== 'add') return { kind: 'profiles' };
  return NONE;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}
