import { SmsctlError } from '../../errors.js';

/** The sandbox reports its own failures (a corrupt state file) as SandboxError; the CLI's model takes over here. */
export function fromSandboxError(error: unknown): unknown {
  if (error instanceof Error && error.name === 'SandboxError' && 'kind' in error && 'code' in error) {
    const { kind, code } = error as Error & { kind: 'invalid' | 'internal'; code: string };
    return new SmsctlError(kind, error.message, { code, cause: error.cause });
  }
  return error;
}

/** Runs `fn`, turning a SandboxError into the matching SmsctlError. */
export async function sandboxCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fromSandboxError(error);
  }
}
