/**
 * Everything a command needs from the outside world, injected so tests can fake it:
 * streams, environment, clock, HTTP dispatcher, prompts and the config directory.
 */
import type { Readable, Writable } from 'node:stream';
import type { Dispatcher } from 'undici';

export type InStream = Readable & { isTTY?: boolean };
export type OutStream = Writable & { isTTY?: boolean; columns?: number };

export interface Prompter {
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  secret(message: string): Promise<string>;
  input(message: string): Promise<string>;
  /**
   * A one-time code, masked; an empty answer is asked again, spaces are dropped. With a
   * deadline it resolves undefined when the deadline passes; `status` is redrawn after the
   * message every second (a countdown).
   */
  code(message: string, options?: { status?: () => string; deadline?: number; expiredText?: string }): Promise<string | undefined>;
  /** One of a few choices, the first being the default. */
  choose<T extends string>(message: string, choices: readonly { value: T; name: string }[]): Promise<T>;
}

export interface GlobalOptions {
  profile?: string;
  verbose?: boolean;
  color?: boolean;
}

export interface Context {
  stdin: InStream;
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  version: string;
  /** Where profiles, sandbox state and send records live (SMSCTL_CONFIG_DIR moves it). */
  configDir: string;
  /** Tests inject a MockAgent or a dispatcher; production uses undici's default. */
  dispatcher?: Dispatcher;
  prompter: Prompter;
  /** Aborted on the first Ctrl-C so long operations can stop cleanly. */
  signal: AbortSignal;
  global: GlobalOptions;
  /** What the command produced: with --json the entry point prints it, once, in the envelope. */
  result?: Record<string, unknown>;
  /** A list being streamed into the JSON document (million-row exports): the entry point closes it. */
  jsonList?: { count: number };
}

/** Prompts are allowed only when a person is at both ends of the terminal. */
export function isInteractive(ctx: Context): boolean {
  return Boolean(ctx.stdin.isTTY && ctx.stdout.isTTY) && !ctx.env.CI;
}
