import { readFileSync } from 'node:fs';
import { inquirerPrompter } from './cli/prompter.js';
import { runCli } from './cli/run.js';
import { resolveConfigDir } from './config/paths.js';
import type { Context } from './cli/context.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const controller = new AbortController();
const onSignal = () => {
  // First Ctrl-C: stop after the request in flight and report; second: leave now.
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const ctx: Context = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
  version,
  configDir: resolveConfigDir(process.env),
  prompter: inquirerPrompter(process.stdin, process.stderr, controller.signal),
  signal: controller.signal,
  global: {},
};

const code = await runCli(process.argv.slice(2), ctx);
// Let buffered stdout drain (pipes) before leaving.
process.stdout.write('', () => process.exit(code));
