/**
 * Status words as a person reads them in a table or a watch line. The providers' own values
 * (success, pending…) stay as they are wherever a script reads them (--json, CSV, NDJSON);
 * a value no catalogue names (a status a provider added since) is shown as the provider wrote it.
 */
import { hasMessage, t } from '../i18n/index.js';

function word(key: string, fallback: string): string {
  return hasMessage(key) ? t(key) : fallback;
}

/** A message's or a recipient's status (`status`, `recipients`, `messages`). */
export function statusWord(status: string): string {
  return word(`status.word.${status}`, status);
}

/** A sender name's status (`senders`): approved, pending, rejected. */
export function senderStatusWord(status: string): string {
  return word(`senders.status.${status.toLowerCase()}`, status);
}

/** A run's state (`runs list`, `runs show`). */
export function runStatusWord(status: string): string {
  return word(`runs.status.${status}`, status);
}
