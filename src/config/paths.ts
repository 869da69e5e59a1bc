import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** SMSCTL_CONFIG_DIR moves everything: profiles, sandbox state, send records. */
export function resolveConfigDir(env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (env.SMSCTL_CONFIG_DIR) return env.SMSCTL_CONFIG_DIR;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'smsctl');
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'smsctl');
}

/** Creates a directory (and the config dir above it) readable by the owner only. */
export function ensurePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch {
    // Not ours to change (e.g. a shared mount): the files inside are still 0600.
  }
  return dir;
}
