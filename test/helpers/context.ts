/**
 * An in-process Context with fake streams, fake TTY flags and scripted prompts, so command
 * logic can be tested without a child process. Unanswered prompts fail the test.
 */
import { PassThrough } from 'node:stream';
import type { Context, Prompter } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run.js';

export interface FakeIo {
  ctx: Context;
  stdout(): string;
  stderr(): string;
  prompts: string[];
}

export interface FakeOptions {
  configDir: string;
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  answers?: (string | boolean)[];
  /** Stands in for Ctrl-C. */
  signal?: AbortSignal;
}

export function fakeContext(opts: FakeOptions): FakeIo {
  const out = new PassThrough();
  const err = new PassThrough();
  const inp = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  inp.end(opts.stdin ?? '');
  Object.assign(out, { isTTY: opts.tty ?? false, columns: 100 });
  Object.assign(err, { isTTY: opts.tty ?? false, columns: 100 });
  Object.assign(inp, { isTTY: opts.tty ?? false });
  const prompts: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const next = (message: string) => {
    prompts.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  const prompter: Prompter = {
    confirm: async (m) => next(m) as boolean,
    secret: async (m) => next(m) as string,
    input: async (m) => next(m) as string,
    code: async (m) => next(m) as string,
    choose: async <T extends string>(m: string) => next(m) as T,
  };
  const ctx: Context = {
    stdin: inp,
    stdout: out,
    stderr: err,
    env: { ...opts.env, SMSCTL_CONFIG_DIR: opts.configDir },
    now: () => new Date(),
    version: '0.0.0-test',
    configDir: opts.configDir,
    prompter,
    signal: opts.signal ?? new AbortController().signal,
    global: {},
  };
  return { ctx, stdout: () => stdout, stderr: () => stderr, prompts };
}

export async function run(args: string[], opts: FakeOptions): Promise<{ code: number; stdout: string; stderr: string; prompts: string[] }> {
  const io = fakeContext(opts);
  const code = await runCli(args, io.ctx);
  return { code, stdout: io.stdout(), stderr: io.stderr(), prompts: io.prompts };
}
