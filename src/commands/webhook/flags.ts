import { usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';

export const tolerance = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v)) throw usageError(t('webhook.tolerance_invalid', { value: v }), 'BAD_FLAG');
  return n;
};
