/**
 * Startup (issue 9): only the command being run is built whole; the others are stubs. What a
 * user sees must not change: every command's help, and the top-level listing, read exactly as
 * they do when the whole tree is built.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { targetCommand, WHOLE_TREE } from '../../src/cli/stub-command.js';
import { fakeContext, run } from '../helpers/context.js';

const configDir = '/nonexistent-smsctl-stub-test';

function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.filter((c) => c.name() !== 'help' && !(c as unknown as { _hidden: boolean })._hidden).flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

describe('a tree of stubs lists and helps as the whole tree does', () => {
  const io = fakeContext({ configDir });
  const whole = buildProgram(io.ctx);
  /** The help a command of the whole tree prints, examples included. */
  const helpOf = (cmd: Command) => {
    const before = io.stdout().length;
    cmd.outputHelp();
    return io.stdout().slice(before);
  };

  it.each([
    [['--help'], undefined],
    [[], undefined],
    [['send', '--to', '1'], 'send'],
    [['--profile', 'sandbox', 'send'], 'send'],
    [['-p', 'x', '--lang', 'th', 'profile', 'add'], 'profile'],
    [['help', 'send'], 'send'],
    [['--lang=th', 'runs', 'list'], 'runs'],
    [['completion', 'bash'], WHOLE_TREE],
    [['__complete', 'send', '--'], WHOLE_TREE],
  ] as const)('%j runs %s', (argv, target) => {
    expect(targetCommand(argv)).toBe(target);
  });

  it('smsctl --help', async () => {
    const r = await run(['--help'], { configDir });
    expect(r.stdout).toBe(helpOf(whole));
    expect(r.stdout).toContain('send [options]');
    expect(r.stdout).toContain('cancel [options] <ref>');
  });

  it.each(paths(whole).map((p) => [p.join(' ')]))('smsctl %s --help', async (path) => {
    const words = path.split(' ');
    let cmd = whole;
    for (const w of words) cmd = cmd.commands.find((c) => c.name() === w)!;
    const r = await run([...words, '--help'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(helpOf(cmd));
  });

  it('builds only the command that runs', () => {
    const program = buildProgram(fakeContext({ configDir }).ctx, ['send', '--help']);
    const options = (name: string) => program.commands.find((c) => c.name() === name)!.options.length;
    expect(options('send')).toBeGreaterThan(20);
    expect(options('preview-cost')).toBe(1);
  });
});
