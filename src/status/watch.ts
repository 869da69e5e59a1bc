/**
 * `status --watch`: poll until every recipient has a final status, the deadline passes, or
 * Ctrl-C. Scheduled messages are waited for only when they go out before the deadline; a
 * watch of one scheduled for tomorrow ends at once instead of polling for nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from '../cli/context.js';
import type { MessageStatus } from '../providers/types.js';
import { nextScheduled, openCount, tallyStatuses } from './tally.js';
import { createWatchView } from './watch-view.js';

export interface WatchEnd {
  statuses: MessageStatus[];
  /** Set when only scheduled recipients are left and they go out after the deadline. */
  scheduledAfterDeadline?: Date;
}

export async function watchUntilFinal(
  ctx: Context,
  first: MessageStatus[],
  poll: () => Promise<MessageStatus[]>,
  opts: { deadline: number; pollMs: number },
): Promise<WatchEnd> {
  const view = createWatchView(ctx);
  let statuses = first;
  try {
    for (;;) {
      const summary = tallyStatuses(statuses);
      const total = statuses.reduce((n, s) => n + s.totalMsisdn, 0);
      const next = nextScheduled(statuses);
      view.update(summary, total, next);
      const open = openCount(summary);
      if (open === 0 || ctx.signal.aborted) return { statuses };
      if (next && open === (summary.scheduled ?? 0) && next.getTime() > opts.deadline) return { statuses, scheduledAfterDeadline: next };
      const left = opts.deadline - ctx.now().getTime();
      if (left <= 0) return { statuses };
      const stopped = await sleep(Math.min(opts.pollMs, left), false, { signal: ctx.signal }).catch(() => true);
      if (stopped) return { statuses };
      statuses = await poll();
    }
  } finally {
    view.stop();
  }
}
