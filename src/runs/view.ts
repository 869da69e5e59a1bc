import type { RunBrief } from './store.js';

/** One run as `runs list` and `runs show` print it. */
export function runSummaryJson(view: RunBrief) {
  const { header: h, tally: t } = view;
  return {
    id: h.id,
    status: view.status,
    createdAt: h.createdAt,
    profile: h.profile,
    provider: h.provider,
    sandbox: h.sandbox,
    recipients: {
      total: h.stats.valid,
      sent: t.sent.recipients,
      failed: t.failed.recipients,
      unknown: t.unknown.recipients,
      notSent: t.notSent.recipients,
      rejectedByProvider: t.rejectedByProvider,
    },
    requests: { total: h.stats.batches, sent: t.sent.requests, failed: t.failed.requests, unknown: t.unknown.requests, notSent: t.notSent.requests },
  };
}
