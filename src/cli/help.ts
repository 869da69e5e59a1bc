/**
 * What every command's --help adds to commander's: the "Examples:" block (src/cli/examples.ts),
 * the global flags a subcommand inherits, and commander's own words — its titles and the
 * "(choices: …, default: …)" after a description — in the chosen language.
 */
import { Help, type Argument, type Command, type HelpConfiguration, type Option } from 'commander';
import { t, type MessageKey } from '../i18n/index.js';
import { EXAMPLES, type Example } from './examples.js';
import { displayWidth, withoutMarks } from './width.js';

export { EXAMPLES, type Example } from './examples.js';

/** The command path without "smsctl": "profile add". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

// Thai vowel and tone marks take no column of their own.
const columns = displayWidth;

/**
 * The "Examples:" block. When every line fits in 80 columns, comments are aligned after
 * their commands; otherwise each comment goes on its own line above its command, with a
 * blank line between examples.
 */
export function formatExamples(examples: readonly Example[]): string {
  const split = examples.map(([command, comment]) => [command, comment && t(comment)] as const);
  const commented = split.filter(([, c]) => c !== undefined);
  const width = Math.max(0, ...commented.map(([c]) => columns(c)));
  const fits =
    split.every(([c]) => 2 + columns(c) <= 80) && commented.every(([, comment]) => 2 + width + 4 + columns(comment!) <= 80);
  const rows: string[] = [];
  for (const [c, comment] of split) {
    if (fits) rows.push(comment === undefined ? c : `${c}${' '.repeat(width - columns(c))}  # ${comment}`);
    else {
      if (rows.length) rows.push('');
      if (comment !== undefined) rows.push(`# ${comment}`);
      rows.push(c);
    }
  }
  return `\n${t('help.title.examples')}\n${rows.map((r) => (r ? `  ${r}` : '')).join('\n')}`;
}

/** commander's titles, as it passes them to styleTitle. */
const TITLES: Readonly<Record<string, MessageKey>> = {
  'Usage:': 'help.title.usage',
  'Arguments:': 'help.title.arguments',
  'Options:': 'help.title.options',
  // i18n-ignore: commander's own title, matched here to be translated
  'Global Options:': 'help.title.global_options',
  'Commands:': 'help.title.commands',
};

/** "description (choices: …, default: …)", as commander writes it, with its words translated. */
function withExtras(description: string, extras: string[]): string {
  if (extras.length === 0) return description;
  const extra = `(${extras.join(', ')})`;
  return description ? `${description} ${extra}` : extra;
}

const choices = (values: readonly string[]) => t('help.choices', { choices: values.map((c) => JSON.stringify(c)).join(', ') });
const shownDefault = (item: Option | Argument) => t('help.default', { value: item.defaultValueDescription || JSON.stringify(item.defaultValue) });

const synopsis = (usage: string) => usage.replace('[options]', t('help.usage.options')).replace('[command]', t('help.usage.command'));

/**
 * Overrides of commander's Help: the same layout, in the chosen language. Each one does what
 * commander 14's own does (node_modules/commander/lib/help.js), so English help is unchanged.
 */
function translatedHelp(): HelpConfiguration {
  return {
    styleTitle: (title: string) => {
      const key = TITLES[title];
      return key ? t(key) : title;
    },
    optionDescription: (option: Option) => {
      const extras: string[] = [];
      if (option.argChoices) extras.push(choices(option.argChoices));
      // Booleans and negations show a default only when it is a real true/false, as commander does.
      const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
      if (option.defaultValue !== undefined && showDefault) extras.push(shownDefault(option));
      if (option.presetArg !== undefined && option.optional) extras.push(t('help.preset', { value: JSON.stringify(option.presetArg) }));
      if (option.envVar !== undefined) extras.push(t('help.env', { name: option.envVar }));
      return withExtras(option.description, extras);
    },
    argumentDescription: (argument: Argument) => {
      const extras: string[] = [];
      if (argument.argChoices) extras.push(choices(argument.argChoices));
      if (argument.defaultValue !== undefined) extras.push(shownDefault(argument));
      return withExtras(argument.description, extras);
    },
    // The synopsis words commander writes ("[options]", "[command]"), in the reader's language.
    commandUsage(this: Help, cmd: Command) {
      return synopsis(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return synopsis(Help.prototype.subcommandTerm.call(this, cmd));
    },
    // Wrapping counts columns: a Thai vowel or tone mark sits on its letter and takes none.
    displayWidth(this: Help, text: string) {
      return Help.prototype.displayWidth.call(this, withoutMarks(text));
    },
  };
}

/**
 * Adds the examples of `cmd` (when it has any) after its help, lists the global flags
 * (--profile, --verbose, --no-color) that every subcommand inherits, and has commander's own
 * words in the chosen language.
 */
export function addHelp(cmd: Command): void {
  cmd.configureHelp({ ...cmd.configureHelp(), ...translatedHelp(), ...(cmd.parent && { showGlobalOptions: true }) });
  const examples = EXAMPLES[commandPath(cmd)];
  // Formatted only when this command's help is shown: the rest of a run never reads it.
  if (examples?.length) cmd.addHelpText('after', () => formatExamples(examples));
}
