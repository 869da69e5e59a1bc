/**
 * Runs bin/smsctl.js under a module-loader hook (node --import) that records every file it
 * loads: what a run loads is read, not timed (test/cli/startup.test.ts, test/cli/lang.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

export interface Loading {
  (args: string[], env?: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }>;
  /** The runs' HOME and working directory. */
  dir: string;
  /** Removes it. */
  cleanup(): void;
}

/** A runner whose runs share one temporary HOME and config directory. */
export function loadingRunner(): Loading {
  const tmp = mkdtempSync(join(tmpdir(), 'smsctl-startup-'));
  let runs = 0;
  const loading = (args: string[], extraEnv: Record<string, string> = {}) => {
    const log = join(tmp, `loaded-${runs++}`);
    const env = { PATH: process.env.PATH ?? '', HOME: tmp, SMSCTL_CONFIG_DIR: join(tmp, 'config'), ...extraEnv, SMSCTL_TEST_LOADED: log };
    return new Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }>((resolve, reject) => {
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
  };
  return Object.assign(loading, { dir: tmp, cleanup: () => rmSync(tmp, { recursive: true, force: true }) });
}
