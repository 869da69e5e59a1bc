/**
 * Every command's --help: a description, the global flags, and at least two examples that
 * name real commands and real flags. The tree is walked from buildProgram, so a command added
 * later without examples, or a flag renamed under an example, fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argument, Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, commandPath } from '../../src/cli/help.js';
import { buildProgram } from '../../src/cli/program.js';
import { fakeContext, run } from '../helpers/context.js';

const configDir = mkdtempSync(join(tmpdir(), 'smsctl-help-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

const program = buildProgram(fakeContext({ configDir }).ctx);

/** The subcommands a user can see (not hidden ones such as __complete, not the implicit "help"). */
function visibleSubcommands(cmd: Command): Command[] {
  const shown = cmd.createHelp().visibleCommands(cmd);
  return cmd.commands.filter((c) => shown.includes(c));
}

function walk(cmd: Command): Command[] {
  return visibleSubcommands(cmd).flatMap((sub) => [sub, ...walk(sub)]);
}

const commands = walk(program);
const byPath = new Map([[commandPath(program), program], ...commands.map((c) => [commandPath(c), c] as const)]);
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The lines of the "Examples:" block of a help text. */
function exampleLines(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf('Examples:');
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '') continue;
    if (!line.startsWith('  ')) break;
    out.push(line.trim());
  }
  return out;
}

/** Shell words of one example line, with `|`, `>`, `<`, `;` and `&` as separators ("|") and comments dropped. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(c)) {
      end();
    } else if ('|;<>&'.includes(c)) {
      if (word !== undefined && /^\d+$/.test(word)) word = undefined; // 2> file
      end();
      if (words.at(-1) !== '|') words.push('|');
    } else if (c === '#' && word === undefined) {
      break;
    } else word = (word ?? '') + c;
  }
  expect(quote, `unbalanced quote in: ${line}`).toBeUndefined();
  end();
  return words;
}

/** The words after `smsctl` in the pipeline segment that runs it (after any VAR=value). */
function smsctlWords(line: string): string[] {
  const segments: string[][] = [[]];
  for (const w of shellWords(line)) {
    if (w === '|') segments.push([]);
    else segments.at(-1)!.push(w);
  }
  for (const seg of segments) {
    const words = [...seg];
    while (words[0] !== undefined && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words.shift();
    if (words[0] === 'smsctl') return words.slice(1);
  }
  throw new Error(`no smsctl command in example: ${line}`);
}

function findOption(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const found = (c.options as readonly Option[]).find((o) => !o.hidden && (o.long === flag || o.short === flag));
    if (found) return found;
  }
  return undefined;
}

interface Parsed {
  cmd: Command;
  flags: string[];
  operands: string[];
}

/** Resolves an example as commander would: global flags anywhere, subcommands before operands. */
function parseExample(line: string): Parsed {
  const words = smsctlWords(line);
  let cmd: Command = program;
  const flags: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('-') && w !== '-') {
      const [flag, inline] = [w.split('=')[0]!, w.includes('=')];
      flags.push(flag);
      if (flag === '--help' || flag === '-h') continue;
      const option = findOption(cmd, flag);
      expect(option, `"${line}": ${flag} is not a flag of "smsctl ${commandPath(cmd)}" or a global flag`).toBeDefined();
      if (option!.required && !inline) {
        expect(words[i + 1], `"${line}": ${flag} needs a value`).toBeDefined();
        i++;
      } else if (option!.optional && !inline && words[i + 1] !== undefined && !words[i + 1]!.startsWith('-')) i++;
      continue;
    }
    const sub = operands.length === 0 ? visibleSubcommands(cmd).find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) cmd = sub;
    else operands.push(w);
  }
  return { cmd, flags, operands };
}

describe('--help of every command', () => {
  it('the tree has the commands and groups it should', () => {
    for (const path of ['send', 'otp', 'otp send', 'profile', 'profile add', 'runs', 'runs show', 'sandbox', 'sandbox serve', 'completion']) {
      expect(byPath.has(path), path).toBe(true);
    }
  });

  it('every EXAMPLES key names a command of the tree', () => {
    expect(Object.keys(EXAMPLES).filter((k) => !byPath.has(k))).toEqual([]);
  });

  // (Positional arguments are not checked: most, such as <run> and <name>, have no description yet.)
  it('every option has a description', () => {
    const missing: string[] = [];
    for (const cmd of [program, ...commands]) {
      const help = cmd.createHelp();
      for (const o of help.visibleOptions(cmd)) if (!o.description.trim()) missing.push(`smsctl ${commandPath(cmd)} ${o.flags}`);
    }
    expect(missing).toEqual([]);
  });

  describe.each(commands.map((c) => [commandPath(c), c] as const))('smsctl %s', (path, cmd) => {
    it('--help: exit 0, usage, description, global flags, two or more examples', async () => {
      const r = await run([...path.split(' '), '--help'], { configDir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`Usage: smsctl ${path}`);
      const description = cmd.description();
      expect(description.trim().length, 'a description').toBeGreaterThan(10);
      expect(flat(r.stdout)).toContain(flat(description));
      const globals = r.stdout.slice(r.stdout.indexOf('Global Options:'));
      expect(r.stdout).toContain('Global Options:');
      expect(globals).toContain('--profile <name>');
      expect(globals).toContain('--verbose');
      expect(globals).toContain('--no-color');
      const examples = exampleLines(r.stdout);
      expect(examples.filter((l) => l.startsWith('smsctl ')).length, `examples in:\n${r.stdout}`).toBeGreaterThanOrEqual(2);
      // Printed once: no leftover per-command example text besides the shared block.
      expect(r.stdout.split('Examples:').length).toBe(2);
      expect(r.stdout).not.toMatch(/^Example\b/m);
    });

    it('every example names this command (or one under it), its real flags and operands', () => {
      const lines = (EXAMPLES[path] ?? []).map(([command]) => command);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) {
        const { cmd: target, flags, operands } = parseExample(line);
        const targetPath = commandPath(target);
        expect(targetPath === path || targetPath.startsWith(`${path} `), `"${line}" runs "smsctl ${targetPath}", not "smsctl ${path}"`).toBe(true);
        if (flags.includes('--help') || flags.includes('-h')) continue;
        const args = target.registeredArguments as readonly Argument[];
        if (visibleSubcommands(target).length === 0 || args.length > 0) {
          const variadic = args.some((a) => a.variadic);
          expect(operands.length, `"${line}": operands ${JSON.stringify(operands)}`).toBeGreaterThanOrEqual(args.filter((a) => a.required).length);
          if (!variadic) expect(operands.length, `"${line}": operands ${JSON.stringify(operands)}`).toBeLessThanOrEqual(args.length);
          args.forEach((a, i) => {
            if (a.argChoices && operands[i] !== undefined) expect(a.argChoices, `"${line}"`).toContain(operands[i]);
          });
        }
        for (const o of target.options as readonly Option[]) {
          if (o.mandatory) expect(flags.some((f) => f === o.long || f === o.short), `"${line}" lacks the required ${o.long}`).toBe(true);
        }
      }
    });
  });
});

describe('help without --help', () => {
  it('smsctl with no arguments prints the help and exits 0', async () => {
    const r = await run([], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: smsctl [options] [command]');
    for (const cmd of visibleSubcommands(program)) expect(r.stdout).toContain(cmd.name());
    expect(r.stdout).toContain('--profile <name>');
  });

  it('smsctl help send prints the send usage and exits 0', async () => {
    const r = await run(['help', 'send'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: smsctl send [options]');
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--profile <name>');
  });

  it('smsctl profile help add prints the profile add usage and exits 0', async () => {
    const r = await run(['profile', 'help', 'add'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: smsctl profile add [options] <name>');
  });

  // commander's `help [command]` takes one word; runCli turns `help A B` into `A B --help`.
  it('smsctl help profile add prints the profile add usage and exits 0', async () => {
    const r = await run(['help', 'profile', 'add'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: smsctl profile add [options] <name>');
  });
});
