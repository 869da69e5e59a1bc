import { ownSignals } from './cli/signals.js';
import { readFileSync } from 'node:fs';
import { inquirerPrompter } from './cli/prompter.js';
import { runCli } from './cli/run.js';
import { resolveConfigDir } from './config/paths.js';
import type { Context } from './cli/context.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// First stop signal: finish what is in flight, record it and report; second: leave now.
const { signal } = ownSignals();
// A reader that went away (`2>&1 | head`) must not end a send halfway: the run journal, not
// the terminal, is the record. Other stream errors still surface.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

// process.stdin is made when first read (a stream over fd 0, ~1 ms): most commands never read it.
const ctx: Context = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
  version,
  configDir: resolveConfigDir(process.env),
  prompter: inquirerPrompter(() => process.stdin, process.stderr, signal),
  signal: signal,
  global: {},
};

// Not a top-level await: in the bundle (scripts/bundle.mjs) lazily loaded chunks import this
// module, and an import of a module still waiting at a top-level await would never finish.
let finished = false;
void runCli(process.argv.slice(2), ctx).then((code) => {
  finished = true;
  // Let buffered stdout drain (pipes) before leaving.
  process.stdout.write('', () => process.exit(code));
});
// As the top-level await did: a run that ends with the command still pending (nothing left
// to wait for) exits 13, not 0.
process.on('exit', (code) => {
  if (!finished && code === 0) process.exitCode = 13;
});
