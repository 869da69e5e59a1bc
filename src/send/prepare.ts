/**
 * Everything decided before the first request: flags checked against the provider's
 * limits, recipients read and planned (into the run's journal, for a real send), balance
 * fetched. Failing here sends nothing.
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import type { Session } from '../cli/session.js';
import { SmsctlError, usageError } from '../errors.js';
import { stopError } from '../cli/signals.js';
import { PROVIDER_NAMES, type BalanceResult, type Provider } from '../providers/types.js';
import type { RunDraft } from '../runs/store.js';
import { checkSender, openRecipients, readMessage, type MessageFlags, type RecipientFlags, type RecipientInput } from './inputs.js';
import type { Pace } from './pacing.js';
import { buildPlan, type PlanSink, type PlanStats } from './plan.js';
import type { SummaryContext } from './summary.js';

export interface PrepareFlags extends MessageFlags, RecipientFlags {
  sender?: string;
  schedule?: string;
  batchSize?: number;
}

export interface PreparedSend {
  plan: PlanStats;
  message: string;
  sender?: string;
  scheduledAt?: Date;
  input: RecipientInput;
  summary: SummaryContext;
}

const COUNT_ONLY: PlanSink = { batch() {} };

export async function prepareSend(ctx: Context, flags: PrepareFlags, session: Session, pace: Pace, draft?: RunDraft): Promise<PreparedSend> {
  const { provider, profile } = session;
  const caps = provider.capabilities;
  const providerName = PROVIDER_NAMES[provider.id];
  const message = await readMessage(flags);
  if (flags.batchSize && flags.batchSize > caps.maxRecipientsPerRequest) {
    throw usageError(`--batch-size ${flags.batchSize}: ${providerName} takes at most ${formatNumber(caps.maxRecipientsPerRequest)} numbers a request`, 'BAD_FLAG');
  }
  const sender = flags.sender ?? profile.sender;
  checkSender(sender, caps, providerName);
  let scheduledAt: Date | undefined;
  let scheduledText: string | undefined;
  if (flags.schedule !== undefined) {
    const { parseSchedule, formatBangkok } = await import('../core/schedule.js');
    scheduledAt = parseSchedule(flags.schedule, ctx.now(), { maxAheadMs: caps.maxScheduleAheadMs, providerName });
    scheduledText = formatBangkok(scheduledAt);
  }
  const input = await openRecipients(ctx, flags, message, draft && (() => draft.tapInput()));
  if (draft && input.list) await draft.writeListInput(input.list);
  const maxPerRequest = flags.batchSize ?? caps.maxRecipientsPerRequest;
  const plan = await buildPlan(
    input.recipients,
    input.template,
    {
      maxPerRequest,
      maxContentLength: caps.maxContentLength,
      providerName,
      rowLabel: input.rowLabel,
      signal: ctx.signal,
      onAbort: () => stopError(ctx.signal, 'while reading the list; nothing sent'),
    },
    draft ? draft.sink() : COUNT_ONLY,
  );
  const summary: SummaryContext = {
    providerId: provider.id,
    sandbox: Boolean(profile.sandbox),
    profile: profile.name,
    sender,
    scheduledAt: scheduledText,
    maxPerRequest,
    balance: await fetchBalance(provider),
    rowLabel: input.rowLabel,
    pace,
  };
  return { plan, message, sender, scheduledAt, input, summary };
}

/** The balance is shown in the summary and checked first; bad keys stop the send before it starts. */
async function fetchBalance(provider: Provider): Promise<BalanceResult | undefined> {
  if (!provider.capabilities.features.has('balance')) return undefined;
  try {
    return await provider.balance();
  } catch (error) {
    if (error instanceof SmsctlError && error.kind === 'auth') throw error;
    return undefined;
  }
}
