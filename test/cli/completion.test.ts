/**
 * `smsctl completion bash|zsh|fish`: the scripts cover the real command tree, and the bash
 * one, sourced into a real bash, completes commands, flags, providers and the profile names
 * of the moment (asked of the built CLI through `smsctl __complete profiles`).
 * Needs the build: `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';
import { fakeContext, run } from '../helpers/context.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

let tmp: ReturnType<typeof tempConfigDir>;
let configDir: string;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist', 'main.js')), 'run `npm run build` first').toBe(true);
  tmp = tempConfigDir();
  configDir = join(tmp.dir, 'config');
  for (const shell of SHELLS) {
    const r = await runCli(['completion', shell], { configDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    scripts[shell] = r.stdout;
    writeFileSync(join(tmp.dir, `smsctl.${shell}`), r.stdout);
  }
  // Profiles added after the scripts were generated: completion must still offer them.
  for (const args of [
    ['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox'],
    ['profile', 'add', 'shop', '--provider', 'mesms', '--sandbox'],
  ]) {
    const r = await runCli(args, { configDir });
    expect(r.code, r.stderr).toBe(0);
  }
  // The `smsctl` the scripts call back into: the built CLI, on this test's profiles.
  const bin = join(tmp.dir, 'bin');
  mkdirSync(bin);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    join(bin, 'smsctl'),
    `#!/bin/sh\nSMSCTL_CONFIG_DIR=${q(configDir)} exec ${q(process.execPath)} ${q(join(ROOT, 'bin', 'smsctl.js'))} "$@"\n`,
  );
  chmodSync(join(bin, 'smsctl'), 0o755);
}, 60_000);

afterAll(() => tmp?.cleanup());

/** Every command of the real program, with its path, the hidden callback left out. */
function commandsOf(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands
    .filter((sub) => sub.name() !== '__complete')
    .flatMap((sub) => [{ path: [...path, sub.name()], cmd: sub }, ...commandsOf(sub, [...path, sub.name()])]);
}

const program = buildProgram(fakeContext({ configDir: '/nonexistent' }).ctx);
const mentions = (script: string, word: string) =>
  new RegExp(`(^|[^\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`, 'm').test(script);

describe.each(SHELLS)('smsctl completion %s', (shell) => {
  it('names every command and subcommand of the program', () => {
    const names = commandsOf(program).map((c) => c.path.join(' '));
    expect(names).toEqual(expect.arrayContaining(['send', 'profile add', 'completion']));
    for (const { path } of commandsOf(program)) expect(mentions(scripts[shell]!, path.at(-1)!), `${shell}: ${path.join(' ')}`).toBe(true);
  });

  it('names every visible flag of every command, and the global flags', () => {
    for (const flag of ['--dry-run', '--resume', '--csv', '--message-file', '--report', '--provider', '--profile', '--verbose', '--no-color']) {
      expect(mentions(scripts[shell]!, shell === 'fish' ? flag.replace(/^--/, '-l ') : flag), `${shell}: ${flag}`).toBe(true);
    }
    for (const { path, cmd } of [{ path: [], cmd: program }, ...commandsOf(program)]) {
      for (const option of cmd.options.filter((o) => !o.hidden && o.long)) {
        const word = shell === 'fish' ? `-l ${option.long!.slice(2)}` : option.long!;
        expect(mentions(scripts[shell]!, word), `${shell}: smsctl ${path.join(' ')} ${option.long}`).toBe(true);
      }
    }
  });

  it('never offers the flags that are hidden on purpose (secrets as flags)', () => {
    expect(scripts[shell]).not.toMatch(/--api-key|-l api-key/);
  });

  it('asks smsctl for the profile names when Tab is pressed and lists the providers', () => {
    expect(scripts[shell]).toContain('smsctl __complete profiles');
    for (const provider of ['sepsms', 'thaibulksms', 'mesms']) expect(mentions(scripts[shell]!, provider)).toBe(true);
  });
});

describe('syntax', () => {
  const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
  it('bash -n accepts the bash script', () => {
    const r = spawnSync('bash', ['-n', join(tmp.dir, 'smsctl.bash')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it.skipIf(!has('zsh'))('zsh -n accepts the zsh script', () => {
    expect(scripts.zsh!.startsWith('#compdef smsctl\n')).toBe(true);
    const r = spawnSync('zsh', ['-n', join(tmp.dir, 'smsctl.zsh')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it.skipIf(!has('fish'))('fish -n accepts the fish script', () => {
    const r = spawnSync('fish', ['-n', join(tmp.dir, 'smsctl.fish')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

/** What the bash completion offers for the words typed so far (the last is the word under the cursor). */
function bashComplete(...words: string[]): string[] {
  const r = spawnSync(
    'bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _smsctl; printf "%s\\n" "${COMPREPLY[@]}"',
      'bash',
      join(tmp.dir, 'smsctl.bash'),
      ...words,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { PATH: `${join(tmp.dir, 'bin')}:${process.env.PATH ?? ''}`, HOME: tmp.dir } },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash completion, run in bash', () => {
  it('completes command names: smsctl pro<Tab> → profile', () => {
    expect(bashComplete('smsctl', 'pro')).toEqual(['profile']);
    expect(bashComplete('smsctl', '')).toEqual(expect.arrayContaining(commandsOf(program).filter((c) => c.path.length === 1).map((c) => c.path[0])));
  });

  it('completes subcommands two levels deep and their flags', () => {
    expect(bashComplete('smsctl', 'profile', '')).toEqual(expect.arrayContaining(['add', 'list', 'show', 'use', 'remove', 'test']));
    expect(bashComplete('smsctl', 'profile', 'add', 'x', '--sa')).toEqual(['--sandbox']);
  });

  it('completes provider names: smsctl profile add --provider <Tab>', () => {
    expect(bashComplete('smsctl', 'profile', 'add', '--provider', '').sort()).toEqual(['mesms', 'sepsms', 'thaibulksms']);
    expect(bashComplete('smsctl', 'profile', 'add', 'x', '--provider', 'th')).toEqual(['thaibulksms']);
  });

  it('completes a global flag after a subcommand: smsctl send --pro<Tab> → --profile', () => {
    expect(bashComplete('smsctl', 'send', '--pro')).toEqual(['--profile']);
    expect(bashComplete('smsctl', 'send', '--dry')).toEqual(['--dry-run']);
    expect(bashComplete('smsctl', 'send', '--res')).toEqual(['--resume', '--resend-unknown']);
  });

  it('completes the current profile names: smsctl --profile <Tab>', () => {
    expect(bashComplete('smsctl', '--profile', '').sort()).toEqual(['dev', 'sandbox', 'shop']);
    expect(bashComplete('smsctl', 'send', '-p', 'd')).toEqual(['dev']);
    // --profile=d, as bash splits it at '='
    expect(bashComplete('smsctl', '--profile', '=', 'sh')).toEqual(['shop']);
    expect(bashComplete('smsctl', 'profile', 'show', '').sort()).toEqual(['dev', 'sandbox', 'shop']);
    expect(bashComplete('smsctl', 'profile', 'use', 's').sort()).toEqual(['sandbox', 'shop']);
  });

  it('steps over flag values to find the command: smsctl --profile dev send --dr<Tab>', () => {
    expect(bashComplete('smsctl', '--profile', 'dev', 'send', '--dr')).toEqual(['--dry-run']);
    expect(bashComplete('smsctl', '-p', 'dev', 'profile', 'add', '--provider', 'sepsms', 'x', '--prov')).toEqual(['--provider']);
  });

  it('completes files for --csv, and the shells for completion', () => {
    const fixtures = readdirSync(join(ROOT, 'fixtures')).filter((f) => f.startsWith('con'));
    expect(fixtures.length).toBeGreaterThan(0);
    expect(bashComplete('smsctl', 'send', '--csv', 'fixtures/con')).toEqual(expect.arrayContaining(fixtures.map((f) => `fixtures/${f}`)));
    expect(bashComplete('smsctl', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('offers nothing for a free-text value: smsctl send --message <Tab>', () => {
    expect(bashComplete('smsctl', 'send', '--message', '')).toEqual([]);
  });
});

describe('smsctl __complete profiles', () => {
  it('prints one profile name per line', async () => {
    const r = await runCli(['__complete', 'profiles'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['dev', 'sandbox', 'shop']);
  });

  it('without a config prints the built-in profile, no error, and creates nothing', async () => {
    const none = join(tmp.dir, 'no-config-yet');
    const r = await run(['__complete', 'profiles'], { configDir: none });
    expect(r).toMatchObject({ code: 0, stdout: 'sandbox\n', stderr: '' });
    expect(existsSync(none)).toBe(false);
  });

  it('is hidden from --help, while completion is listed', async () => {
    const r = await run(['--help'], { configDir });
    expect(r.stdout).toMatch(/completion/);
    expect(r.stdout).not.toContain('__complete');
  });
});

describe('smsctl completion errors and help', () => {
  it('an unknown shell is a usage error naming the valid shells', async () => {
    const r = await run(['completion', 'tcsh'], { configDir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/tcsh/);
    for (const shell of SHELLS) expect(r.stderr).toContain(shell);
  });

  it('--help shows how to install it for each shell', async () => {
    const r = await run(['completion', '--help'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('smsctl completion bash > ~/.local/share/bash-completion/completions/smsctl');
    expect(r.stdout).toContain('smsctl completion zsh > "${fpath[1]}/_smsctl"');
    expect(r.stdout).toContain('smsctl completion fish > ~/.config/fish/completions/smsctl.fish');
  });
});
