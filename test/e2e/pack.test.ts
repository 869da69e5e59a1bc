/**
 * What `npm pack` ships installs and runs on its own: `npm install -g` of the tarball into a
 * fresh prefix, production dependencies only, then `smsctl --version` and a dry-run send
 * through the embedded sandbox (SMSCTL_PROFILE=sandbox: no config file, no keys).
 *
 * The tarball is packed with --ignore-scripts: `prepare` (the build) would rewrite dist/
 * while other test files run the CLI from it. dist/ is built before the tests run (npm test
 * builds first), and this test checks that what it holds is only the build of src/.
 * The global install has no lockfile to go by, so npm needs the dependencies' registry
 * metadata: --prefer-offline takes it from the npm cache when it is there (--offline fails on
 * a cache filled by `npm ci`, which holds tarballs but not that metadata).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const npmVersion = (() => {
  const r = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
})();

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; devDependencies: Record<string, string> };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** npm's environment without what an outer `npm test` put there (npm_config_global, npm_package_*, …). */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || keep.has(k.toLowerCase())) env[k] = v;
  return env;
}

/** Every .ts under src/, as the path its build has under dist/ (without extension). */
function builtFromSrc(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.add(`dist/${rel}${e.name.slice(0, -3)}`);
    }
  };
  walk(join(ROOT, 'src'), '');
  return out;
}

/**
 * The bundle (scripts/bundle.mjs): dist/smsctl.cjs, its code cache, and every chunk it imports,
 * statically or lazily, directly or through other chunks. A chunk nothing imports, or a cache
 * named for another build, is left from an older build.
 */
function bundleFiles(): Set<string> {
  const out = new Set<string>();
  const visit = (file: string): void => {
    if (out.has(file) || !existsSync(join(ROOT, file))) return;
    out.add(file);
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|__smsctlImport\(\s*|\(import\.meta\.url\)\(|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(posix.normalize(posix.join(posix.dirname(file), m[1]!)));
    }
  };
  visit('dist/smsctl.cjs');
  const build = /\/\/# smsctl-build (\w+)\n$/.exec(readFileSync(join(ROOT, 'dist', 'smsctl.cjs'), 'utf8'))?.[1];
  for (const f of readdirSync(join(ROOT, 'dist'))) if (build && f.startsWith(`smsctl-${build}-`) && f.endsWith('.cache')) out.add(`dist/${f}`);
  return out;
}

if (!npmVersion) console.warn('test/e2e/pack.test.ts: skipped, npm is not on PATH');

describe.skipIf(!npmVersion)(npmVersion ? 'npm pack → npm install -g' : 'npm pack → npm install -g (skipped: npm is not on PATH)', () => {
  let tmp = '';
  let files: string[] = [];
  let tarball = '';

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'smsctl-pack-'));
    expect(existsSync(join(ROOT, 'dist', 'main.js')), 'dist/ is not built: run `npm run build` first').toBe(true);
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { env: npmEnv() });
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    files = info.files.map((f) => f.path).sort();
    tarball = join(tmp, info.filename);
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ships bin/, the build, README.md, README.th.md, LICENSE and package.json — nothing else', () => {
    // npm ships every README* of the root by itself: the Thai guide goes with the English one.
    for (const f of ['bin/smsctl.js', 'bin/package.json', 'dist/main.js', 'dist/smsctl.cjs', 'README.md', 'README.th.md', 'LICENSE', 'package.json']) expect(files).toContain(f);
    expect(files.filter((f) => /^(src|test|fixtures|scripts|node_modules|coverage)\//.test(f))).toEqual([]);
    expect(files.filter((f) => !/^(bin|dist)\//.test(f))).toEqual(['LICENSE', 'README.md', 'README.th.md', 'package.json']);
    expect(files.filter((f) => /\.tsbuildinfo$|\.(test|spec)\.|\.ts$/.test(f))).toEqual([]);
    // Only the build of today's src/: a file left in dist/ by an older build would ship too.
    // tsc's output maps to a src/ file; the bundle's files are the ones its entry imports.
    const fromSrc = builtFromSrc();
    const bundle = bundleFiles();
    const stale = files.filter((f) => f.startsWith('dist/') && !fromSrc.has(f.replace(/\.js(\.map)?$/, '')) && !bundle.has(f));
    expect(stale, 'dist/ holds files no src/ file builds: rm -rf dist && npm run build').toEqual([]);
  });

  it('installs into a fresh prefix with production dependencies only, and runs', async () => {
    const prefix = join(tmp, 'prefix');
    mkdirSync(prefix, { recursive: true });
    const installed = await run(
      'npm',
      ['install', '-g', '--prefix', prefix, tarball, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: tmp, env: npmEnv(), timeoutMs: 100_000 },
    );
    expect(installed.code, installed.stderr).toBe(0);
    const home = join(prefix, 'lib', 'node_modules', pkg.name);
    // A devDependency that a production dependency also needs (exceljs pulls @types/node) is
    // a production package: the lockfile marks which are dev-only.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.keys(pkg.devDependencies).filter((d) => lock.packages[`node_modules/${d}`]?.dev === true);
    expect(devOnly).toEqual(expect.arrayContaining(['typescript', 'vitest', 'esbuild']));
    for (const dev of devOnly) expect(existsSync(join(home, 'node_modules', dev)), `${dev} is a devDependency`).toBe(false);
    expect(existsSync(join(home, 'src'))).toBe(false);

    const bin = join(prefix, 'bin', 'smsctl');
    const config = join(tmp, 'config');
    // Nothing from this repository: its own HOME, config directory and working directory.
    const env = { PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter), HOME: tmp, SMSCTL_CONFIG_DIR: config };
    const version = await run(bin, ['--version'], { cwd: tmp, env });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const send = await run(bin, ['send', '--to', '0812345678', '-m', 'hi', '--dry-run', '--json'], {
      cwd: tmp,
      env: { ...env, SMSCTL_PROFILE: 'sandbox' },
    });
    expect(send.code, send.stderr).toBe(0);
    expect(JSON.parse(send.stdout)).toMatchObject({ ok: true, dryRun: true, profile: 'sandbox' });
  }, 120_000);
});
