import { t } from '../i18n/index.js';

/** "850 ms", "1.5 s" (Thai: "850 มิลลิวินาที", "1.5 วินาที"): how waits and timeouts are written everywhere. */
export function formatMs(ms: number): string {
  return ms < 1000 ? t('time.ms', { n: Math.round(ms) }) : t('time.s', { n: Number((ms / 1000).toFixed(1)) });
}
