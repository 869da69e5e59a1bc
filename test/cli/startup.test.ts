/**
 * Startup (issue 9): what a run loads before it can answer. `--version` alone is answered by
 * bin/smsctl.js from package.json, loading none of the CLI; everything else runs the bundle
 * (scripts/bundle.mjs), one file for the command tree with commander inside it, and the
 * providers, the sandbox and file readers only when a command asks for them.
 * Which files load is read by a module-loader hook (node --import), not by timing anything.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const tmp = mkdtempSync(join(tmpdir(), 'smsctl-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Every file: module the loader loads after the hook is in place, one line each, in LOADED.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.SMSCTL_TEST_LOADED, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

let runs = 0;
/** Runs bin/smsctl.js under the hook; the modules it loaded, as paths from the repository root. */
function loading(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }> {
  const log = join(tmp, `loaded-${runs++}`);
  const env = { PATH: process.env.PATH ?? '', HOME: tmp, SMSCTL_CONFIG_DIR: join(tmp, 'config'), SMSCTL_TEST_LOADED: log };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(REGISTER)}`, join(ROOT, 'bin', 'smsctl.js'), ...args], {
      cwd: tmp,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let lines: string[] = [];
      try {
        lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      } catch {
        // Nothing loaded after the hook (the file is created by the first load).
      }
      resolve({ code, stdout, stderr, loaded: lines.map((u) => relative(ROOT, fileURLToPath(u)).split('\\').join('/')) });
    });
  });
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
    expect(r.loaded, 'a static import of a package or of lazy code slows every start (see scripts/bundle.mjs)').toEqual(['bin/smsctl.js', 'dist/smsctl.mjs']);
  });

  it('an error thrown by lazily loaded code keeps its kind and exit code (one SmsctlError for entry and chunks)', async () => {
    const missing = join(tmp, 'nope.csv');
    const r = await loading(['--profile', 'sandbox', 'send', '--csv', missing, '-m', 'hi', '--dry-run']);
    expect(r.loaded.some((f) => f.startsWith('dist/chunks/')), r.loaded.join('\n')).toBe(true);
    expect(r.stderr).toBe(`smsctl: error: --csv ${missing}: no such file\n`);
    expect(r.code).toBe(3);
  });
});
