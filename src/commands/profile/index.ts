import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { t } from '../../i18n/index.js';
import { registerProfileAdd } from './add.js';
import { registerProfileEdit } from './edit.js';
import { registerProfileList } from './list.js';
import { registerProfileRemove } from './remove.js';
import { registerProfileShow } from './show.js';
import { registerProfileTest } from './test.js';
import { registerProfileUse } from './use.js';

export function registerProfile(program: Command, ctx: Context): void {
  const profile = program.command('profile').description(t('help.group.profile'));
  registerProfileAdd(profile, ctx);
  registerProfileEdit(profile, ctx);
  registerProfileList(profile, ctx);
  registerProfileShow(profile, ctx);
  registerProfileUse(profile, ctx);
  registerProfileRemove(profile, ctx);
  registerProfileTest(profile, ctx);
}
