/**
 * Profiles and keys on disk, through conf (atomic writes). The file is 0600 and its
 * directory 0700 because it holds API keys.
 */
import Conf from 'conf';
import { ensurePrivateDir } from './paths.js';
import { BUILTIN_SANDBOX_PROFILE, type Profile } from './profile.js';

interface StoreShape {
  defaultProfile?: string;
  profiles: Record<string, Profile>;
}

export class ProfileStore {
  private readonly conf: Conf<StoreShape>;

  constructor(configDir: string) {
    ensurePrivateDir(configDir);
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
