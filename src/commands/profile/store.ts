import { SmsctlError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import type { Profile } from '../../config/profile.js';
import { t } from '../../i18n/index.js';

export async function openStore(ctx: Context) {
  const { ProfileStore } = await import('../../config/store.js');
  return new ProfileStore(ctx.configDir, { warn: (line) => ctx.stderr.write(`${line}\n`) });
}

export function mustGet(store: { get(name: string): Profile | undefined; list(): Profile[] }, name: string): Profile {
  const profile = store.get(name);
  if (!profile) {
    throw new SmsctlError('usage', t('profile.not_found', { name, list: store.list().map((p) => p.name).join(', ') }), {
      code: 'PROFILE_NOT_FOUND',
    });
  }
  return profile;
}
