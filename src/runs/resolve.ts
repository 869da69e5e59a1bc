/**
 * Settles unknown outcomes where the provider lets us look: ME-SMS lists messages
 * (`GET /sms` with `search` and a `from`/`to` window). A message with the batch's content,
 * sender and recipient count, created while the request was out, means the batch was
 * sent: it is recorded as sent, with the provider's reference. Nothing is ever recorded as
 * "not sent" from a list that might simply lag behind.
 */
import type { Context } from '../cli/context.js';
import { tEn } from '../i18n/index.js';
import type { Provider } from '../providers/types.js';
import { JournalLog, readJournal, settledState, type JournalState } from './journal.js';
import { journalPath, readPlan, type RunHeader } from './store.js';

/** How far around the request's journal time a matching message may have been created. */
const WINDOW_BEFORE_MS = 15 * 60_000;
const WINDOW_AFTER_MS = 5 * 60_000;

export interface Resolution {
  /** Unknown batches found sent, and recorded so. */
  resolved: number;
  /** The provider's list could not be read for at least one batch. */
  lookupFailed: boolean;
}

export async function resolveUnknowns(ctx: Context, provider: Provider, header: RunHeader, journal: JournalState): Promise<Resolution> {
  if (!provider.listMessages) return { resolved: 0, lookupFailed: false };
  const unknown = new Set<number>();
  for (const i of journal.indices()) if (settledState(journal.state(i)) === 'unknown') unknown.add(i);
  if (unknown.size === 0) return { resolved: 0, lookupFailed: false };
  // A message already recorded for one of this run's batches cannot be another batch's: with
  // --batch-size, many batches share text and size. Read every reference, not just kept ones.
  const all = await readJournal(journalPath(ctx.configDir, header.id), header.stats.batches, (state) => state === 'sent');
  const claimed = new Set<string>();
  for (const i of all.indices()) {
    const d = all.detail(i);
    if (d?.s === 'sent' && d.ref) claimed.add(d.ref);
  }
  let log: JournalLog | undefined;
  let resolved = 0;
  let lookupFailed = false;
  try {
    for await (const batch of readPlan(ctx.configDir, header.id, (i) => unknown.has(i), false)) {
      const t = journal.detail(batch.index)?.t ?? Date.now();
      let page;
      try {
        page = await provider.listMessages({
          search: batch.text,
          from: new Date(t - WINDOW_BEFORE_MS),
          to: new Date(t + WINDOW_AFTER_MS),
          sender: header.sender,
          limit: 100,
        });
      } catch {
        // Looking is a courtesy: if the list cannot be read, the batch simply stays unknown.
        lookupFailed = true;
        continue;
      }
      const match = page.messages.find(
        (m) => m.content === batch.text && (header.sender === undefined || m.sender === header.sender) && m.totalMsisdn === batch.count && !claimed.has(m.reference),
      );
      if (!match) continue;
      claimed.add(match.reference);
      log ??= await JournalLog.open(journalPath(ctx.configDir, header.id));
      await log.append({
        i: batch.index,
        s: 'sent',
        t: Date.now(),
        n: batch.count,
        ref: match.reference,
        ...(match.refNo && { refNo: match.refNo }),
        // A record, quoted by reports in English whatever the language.
        resolvedBy: tEn('run.resolved_by', { provider: provider.displayName }),
      });
      resolved++;
    }
  } finally {
    await log?.close();
  }
  return { resolved, lookupFailed };
}
