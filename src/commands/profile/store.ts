import { SmsctlError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import type { Profile } from '../../config/profile.js';

export async function openStore(ctx: Context) {
  const { ProfileStore } = await import('../../config/store.js');
  return new ProfileStore(ctx.configDir, { warn: (line) => ctx.stderr.write(`${line}\n`) });
}

export function mustGet(store: { get(name: string): Profile | undefined; list(): Profile[] }, name: string): Profile {
  const profile = store.get(name);
  if (!profile) {
    throw new SmsctlError('usage', `no profile named "${name}" (profiles: ${store.list().map((p) => p.name).join(', ')})`, {
      code: 'PROFILE_NOT_FOUND',
    });
  }
  return profile;
}
