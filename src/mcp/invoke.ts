/**
 * A tool call is a CLI command run in-process: the same flags, the same checks, the same
 * JSON envelope a script gets from `smsctl … --json`. Its output is captured (stdout belongs
 * to the MCP transport) and it can never prompt (no terminal: it gets the non-interactive
 * answer a cron job would).
 */
import { Readable, Writable } from 'node:stream';
import type { Context, InStream, OutStream, Prompter } from '../cli/context.js';
import { runCli } from '../cli/run.js';
import { language, t } from '../i18n/index.js';

export interface Invocation {
  exitCode: number;
  /** The parsed JSON envelope ({ok, …}). */
  doc: Record<string, unknown>;
  /** What the command wrote to stderr (warnings, progress), without its error line. */
  notes: string;
}

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const refuse = () => Promise.reject(new Error(t('mcp.no_prompts')));
const NO_PROMPTS: Prompter = { confirm: refuse, secret: refuse, input: refuse, code: refuse, choose: refuse };

export async function invoke(ctx: Context, args: readonly string[], signal?: AbortSignal): Promise<Invocation> {
  const stdout = new Collector();
  const stderr = new Collector();
  const sub: Context = {
    ...ctx,
    stdin: Readable.from([]) as InStream,
    stdout: stdout as OutStream,
    stderr: stderr as OutStream,
    // Plain text for the agent: no colour codes in notes.
    env: { ...ctx.env, NO_COLOR: '1' },
    prompter: NO_PROMPTS,
    signal: signal ? AbortSignal.any([ctx.signal, signal]) : ctx.signal,
    global: {},
    result: undefined,
    jsonList: undefined,
  };
  const profile = ctx.global.profile ? ['--profile', ctx.global.profile] : [];
  // The server's language (`smsctl --lang th mcp`), not chosen again per call: the language is
  // the process's, and a call that chose another would switch it under the server.
  const exitCode = await runCli(['--lang', language(), ...profile, ...args, '--json'], sub);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(stdout.text) as Record<string, unknown>;
  } catch {
    doc = { ok: false, error: { kind: 'internal', code: 'INTERNAL', message: t('mcp.no_json', { command: args[0] ?? '', code: exitCode }) } };
  }
  const notes = stderr.text
    .split('\n')
    .filter((l) => l && !l.startsWith(t('error.prefix')))
    .join('\n')
    .slice(0, 4000);
  return { exitCode, doc, notes };
}
