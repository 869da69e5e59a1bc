/**
 * Profiles and keys on disk, through conf (atomic writes). The file is 0600 and its
 * directory 0700 because it holds API keys.
 */
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { t } from '../i18n/index.js';
import { ensurePrivateDir } from './paths.js';
import { BUILTIN_SANDBOX_PROFILE, type Profile } from './profile.js';

export interface ProfileStoreOptions {
  /** Where a one-line warning goes (a config file tightened to 0600); default stderr. */
  warn?: (line: string) => void;
}

interface StoreShape {
  defaultProfile?: string;
  profiles: Record<string, Profile>;
}

export class ProfileStore {
  private readonly conf: Conf<StoreShape>;

  constructor(configDir: string, options: ProfileStoreOptions = {}) {
    ensurePrivateDir(configDir);
    tightenMode(join(configDir, 'config.json'), options.warn ?? ((line) => process.stderr.write(`${line}\n`)));
    this.conf = new Conf<StoreShape>({
      cwd: configDir,
      configName: 'config',
      configFileMode: 0o600,
      defaults: { profiles: {} },
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
  }

  get path(): string {
    return this.conf.path;
  }

  list(): Profile[] {
    const stored = Object.values(this.conf.get('profiles'));
    return [BUILTIN_SANDBOX_PROFILE, ...stored.sort((a, b) => a.name.localeCompare(b.name))];
  }

  get(name: string): Profile | undefined {
    if (name === BUILTIN_SANDBOX_PROFILE.name) return BUILTIN_SANDBOX_PROFILE;
    return this.conf.get('profiles')[name];
  }

  save(profile: Profile): void {
    const profiles = { ...this.conf.get('profiles'), [profile.name]: profile };
    this.conf.set('profiles', profiles);
  }

  remove(name: string): boolean {
    const profiles = { ...this.conf.get('profiles') };
    if (!(name in profiles)) return false;
    delete profiles[name];
    this.conf.set('profiles', profiles);
    if (this.defaultName() === name) this.conf.delete('defaultProfile');
    return true;
  }

  defaultName(): string | undefined {
    return this.conf.get('defaultProfile');
  }

  setDefault(name: string): void {
    this.conf.set('defaultProfile', name);
  }
}

/**
 * A config file others may read (hand-copied, restored from a backup, an editor that kept a
 * wide umask) is put back to 0600 before its keys are read, and the user is told once.
 */
function tightenMode(file: string, warn: (line: string) => void): void {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    return; // not there yet: conf creates it 0600
  }
  if ((mode & 0o077) === 0) return;
  const octal = mode.toString(8).padStart(4, '0');
  try {
    chmodSync(file, 0o600);
    warn(t('config.store.tightened', { file, mode: octal }));
  } catch (error) {
    warn(t('config.store.not_tightened', { file, mode: octal, message: (error as Error).message }));
  }
}
