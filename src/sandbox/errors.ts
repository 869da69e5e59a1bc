/**
 * Failures of the sandbox itself (its state file), as opposed to the replies it sends. The CLI
 * turns them into its own errors (src/commands/sandbox/errors.ts); the sandbox does not import
 * the CLI's error model so it stays a separate judge of the client.
 */
export type SandboxErrorKind = 'invalid' | 'internal';

export class SandboxError extends Error {
  constructor(
    readonly kind: SandboxErrorKind,
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SandboxError';
  }
}
