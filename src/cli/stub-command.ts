/**
 * Startup (issue 9): a command that is not the one being run is registered as a stub — its
 * name, aliases, arguments and description, which is all `smsctl --help` lists of it — and its
 * options are not built (the bulk of building the tree). One option is kept, so commander's
 * listing still says "[options]" where the real command has some. test/cli/startup.test.ts
 * checks that a stub lists exactly as the full command does.
 */
import { Command } from 'commander';

export class StubCommand extends Command {
  constructor(name?: string) {
    super(name);
    // Assigned, not declared: commander types option() as a set of overloads.
    const once = <F extends (...args: never[]) => this>(real: F): F =>
      ((...args: Parameters<F>) => (this.options.length === 0 ? real.apply(this, args) : this)) as F;
    this.option = once(this.option);
    this.requiredOption = once(this.requiredOption);
    this.addOption = once(this.addOption);
  }

  override createCommand(name?: string): Command {
    return new StubCommand(name);
  }
}

/** The global flags that take a value, so `--profile sandbox send` is about send. */
const VALUE_FLAGS = new Set(['--profile', '-p', '--lang']);

/**
 * The top-level command the arguments run (`help send` is about send), or undefined when they
 * name none (`smsctl --help`). Commands that read the whole tree (completion) need it whole.
 */
export function targetCommand(argv: readonly string[]): string | undefined | typeof WHOLE_TREE {
  let sawHelp = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return WHOLE_TREE;
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    if (a === 'help' && !sawHelp) {
      sawHelp = true;
      continue;
    }
    return a === 'completion' || a === '__complete' ? WHOLE_TREE : a;
  }
  return undefined;
}

export const WHOLE_TREE = Symbol('whole tree'); // i18n-ignore: a symbol's description, for debugging
