/**
 * Runs bin/smsctl.js under a module-loader hook (node --import) and a CommonJS preload
 * (node --require) that record every file it loads: ES modules through the hook, CommonJS
 * files as Node compiles them, and the bundled entry as bin/smsctl.js compiles it (vm.Script),
 * marked "(code cache)" when V8 took the build's cached code for it. What a run loads is read,
 * not timed (test/cli/startup.test.ts, test/cli/lang.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './cli.js';

// Every file: module the loader loads after the hook is in place, one line each, in LOADED.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.SMSCTL_TEST_LOADED, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;
// CommonJS files and vm.Script compiles: an absolute path a line.
const PRELOAD = `'use strict';
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const vm = require('node:vm');
const log = (line) => appendFileSync(process.env.SMSCTL_TEST_LOADED, line + '\\n');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  log(filename);
  return compile.call(this, content, filename);
};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    log(options.filename + (options.cachedData && !this.cachedDataRejected ? ' (code cache)' : ''));
  }
};
`;

export interface Loading {
  (args: string[], env?: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }>;
  /** The runs' HOME and working directory. */
  dir: string;
  /** Removes it. */
  cleanup(): void;
}

/** A runner whose runs share one temporary HOME and config directory; `root` is the install to run (this repository's by default). */
export function loadingRunner(root = ROOT): Loading {
  const tmp = mkdtempSync(join(tmpdir(), 'smsctl-startup-'));
  const preload = join(tmp, 'preload.cjs');
  writeFileSync(preload, PRELOAD);
  let runs = 0;
  const loading = (args: string[], extraEnv: Record<string, string> = {}) => {
    const log = join(tmp, `loaded-${runs++}`);
    const env = { PATH: process.env.PATH ?? '', HOME: tmp, SMSCTL_CONFIG_DIR: join(tmp, 'config'), ...extraEnv, SMSCTL_TEST_LOADED: log };
    return new Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }>((resolve, reject) => {
      const child = spawn(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(REGISTER)}`, `--require=${preload}`, join(root, 'bin', 'smsctl.js'), ...args], {
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
        const files = lines
          .filter((line) => line !== preload)
          .map((line) => {
            const [file, mark] = line.startsWith('file:') ? [fileURLToPath(line), ''] : [line.replace(/ \(code cache\)$/, ''), line.endsWith(' (code cache)') ? ' (code cache)' : ''];
            return relative(root, file).split('\\').join('/') + mark;
          });
        // A CommonJS main file is seen twice: by the hook (Node loads it through the ESM loader
        // when there is an --import) and as it is compiled.
        resolve({ code, stdout, stderr, loaded: files.filter((f, i) => files.indexOf(f) === i) });
      });
    });
  };
  return Object.assign(loading, { dir: tmp, cleanup: () => rmSync(tmp, { recursive: true, force: true }) });
}
