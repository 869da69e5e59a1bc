/**
 * Startup (issue 9): what a run loads before it can answer. `--version` alone is answered by
 * bin/smsctl.js from package.json, loading none of the CLI; everything else runs the bundle
 * (scripts/bundle.mjs), one file for the command tree with commander inside it, compiled with
 * the code cache the build made for it, and the providers, the sandbox and file readers only
 * when a command asks for them. Which files load is read by loader hooks (test/helpers/loading.ts),
 * not by timing anything.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { loadingRunner, type Loading } from '../helpers/loading.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
/** Runs bin/smsctl.js under the hook; the modules it loaded, as paths from the repository root. */
const loading = loadingRunner();
afterAll(() => loading.cleanup());

/** A chunk's SmsctlError is the entry's class: its exit code, not "internal error", reaches the user. */
async function expectOneSmsctlError(run: Loading): Promise<void> {
  const missing = join(run.dir, 'nope.csv');
  const r = await run(['--profile', 'sandbox', 'send', '--csv', missing, '-m', 'hi', '--dry-run']);
  expect(r.loaded.some((f) => f.startsWith('dist/chunks/')), r.loaded.join('\n')).toBe(true);
  expect(r.stderr).toBe(`smsctl: error: --csv ${missing}: no such file\n`);
  expect(r.code).toBe(3);
}

describe('smsctl --version', () => {
  it.each(['--version', '-V'])('%s prints the package.json version and nothing else, exit 0', async (flag) => {
    const r = await runCli([flag]);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('answers exactly as commander does when it comes with other flags', async () => {
    const viaCommander = await runCli(['--verbose', '--version']);
    expect(viaCommander.code).toBe(0);
    expect((await runCli(['--version'])).stdout).toBe(viaCommander.stdout);
  });

  it('loads no module of the CLI: not commander, not undici, no provider', async () => {
    const r = await loading(['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.loaded).toEqual(['bin/smsctl.js']);
  });
});

describe('the bundled entry', () => {
  it('--help loads the bin and one bundle: no package from node_modules, no lazy chunk', async () => {
    const r = await loading(['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: smsctl [options] [command]');
    expect(r.loaded, 'a static import of a package or of lazy code slows every start (see scripts/bundle.mjs)').toEqual(['bin/smsctl.js', 'dist/smsctl.cjs (code cache)']);
  });

  it('an error thrown by lazily loaded code keeps its kind and exit code (one SmsctlError for entry and chunks)', () => expectOneSmsctlError(loading));
});

/**
 * An install whose code cache V8 cannot take: made by another Node (so absent under this V8's
 * name), or damaged. The CLI must answer exactly as with it, only compiling the entry itself.
 */
describe.each([
  ['no code cache for this Node', (cache: string) => rmSync(cache)],
  ['a damaged code cache', (cache: string) => writeFileSync(cache, Buffer.alloc(4096, 7))],
])('with %s', (_, spoil) => {
  const root = mkdtempSync(join(tmpdir(), 'smsctl-install-'));
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const caches = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.cache'));
  for (const cache of caches) spoil(join(root, 'dist', cache));
  const copy = loadingRunner(root);
  afterAll(() => {
    copy.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('--help prints the same help, compiling the entry without the cache', async () => {
    expect(caches).toHaveLength(1);
    const [r, reference] = await Promise.all([copy(['--help']), loading(['--help'])]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(reference.stdout);
    expect(r.loaded).toEqual(['bin/smsctl.js', 'dist/smsctl.cjs']);
  });

  it('lazily loaded code still shares the entry (one SmsctlError: its kind and exit code survive)', () => expectOneSmsctlError(copy));
});
