/**
 * Everything decided before the first request: flags checked against the provider's
 * limits, recipients read and planned (into the run's journal, for a real send), balance
 * fetched. Failing here sends nothing.
 */
import type { Context } from '../cli/context.js';
import { formatNumber, writeLine } from '../cli/output.js';
import { t } from '../i18n/index.js';
import type { Session } from '../cli/session.js';
import { SmsctlError, invalidInput, usageError } from '../errors.js';
import { stopError } from '../cli/signals.js';
import { PROVIDER_NAMES, type BalanceResult, type Provider, type ProviderSendOptions } from '../providers/types.js';
import type { RunDraft } from '../runs/store.js';
import { checkSender, openExcludes, openRecipients, readMessage, type ExcludeFlags, type MessageFlags, type RecipientFlags, type RecipientInput } from './inputs.js';
import type { Pace } from './pacing.js';
import { buildPlan, type PlanSink, type PlanStats } from './plan.js';
import type { SummaryContext } from './summary.js';
import { startSenderCheck, type SenderVerdict } from './sender-approval.js';
import type { SavedContentFlags } from './content.js';
import type { RequestSettings } from './request.js';

export interface PrepareFlags extends MessageFlags, RecipientFlags, ExcludeFlags, SavedContentFlags {
  /** --allow-empty: rows with an empty field for a placeholder are sent with it empty. */
  allowEmpty?: boolean;
  sender?: string;
  schedule?: string;
  batchSize?: number;
  /** --personalise: local (one request per distinct text) or provider (SEPSMS per-recipient variables). */
  personalise?: string;
  /** A dry run with --json: how many request bodies to show (the first ones). */
  showRequests?: number;
}

export interface PreparedSend {
  plan: PlanStats;
  message: string;
  sender?: string;
  scheduledAt?: Date;
  input: RecipientInput;
  summary: SummaryContext;
  /** ME-SMS contact group the send goes to, instead of numbers. */
  group?: number;
  /** ME-SMS saved template the send uses; `message` then holds the variables (see content.ts). */
  templateId?: string;
  /** provider: each batch's text holds its recipients' variables (see personalise.ts). */
  personalise?: 'provider';
}

// A dry run counts: the plan builds no number lists for it.
const COUNT_ONLY: PlanSink = { numbersWanted: 0, batch() {} };

/** preview-cost: the same plan into its own sink, with no sender needed (nothing is sent). */
export interface PreviewPlan {
  sink: PlanSink;
}

export async function prepareSend(
  ctx: Context,
  flags: PrepareFlags,
  session: Session,
  pace: Pace,
  draft?: RunDraft,
  preview?: PreviewPlan,
  options?: ProviderSendOptions,
): Promise<PreparedSend> {
  const { provider, profile } = session;
  const caps = provider.capabilities;
  const providerName = PROVIDER_NAMES[provider.id];
  const saved = flags.group !== undefined || flags.templateId !== undefined || flags.var?.length ? await import('./content.js') : undefined;
  saved?.checkSavedContentFlags(flags, provider);
  const templateId = flags.templateId?.trim();
  const message = templateId !== undefined ? saved!.variablesPattern(flags.var) : await readMessage(flags);
  if (flags.batchSize && flags.batchSize > caps.maxRecipientsPerRequest) {
    throw usageError(t('input.batch_size_too_big', { size: flags.batchSize, provider: providerName, max: formatNumber(caps.maxRecipientsPerRequest) }), 'BAD_FLAG');
  }
  const sender = flags.sender ?? profile.sender;
  if (!preview) checkSender(sender, caps, providerName);
  // Asked while the flags and lists are read; answered before the plan, so a refused
  // sender stops the send before a long list is read.
  const senderCheck = preview ? undefined : startSenderCheck(provider, sender);
  let scheduledAt: Date | undefined;
  let scheduledText: string | undefined;
  if (flags.schedule !== undefined) {
    const { parseSchedule, formatBangkok } = await import('../core/schedule.js');
    scheduledAt = parseSchedule(flags.schedule, ctx.now(), { maxAheadMs: caps.maxScheduleAheadMs, providerName });
    scheduledText = formatBangkok(scheduledAt);
  }
  // Opt-out lists first: a missing one stops the send before the recipients are read.
  const excludes = await openExcludes(ctx, flags, profile);
  if (senderCheck) await settleSenderCheck(ctx, senderCheck, sender!, providerName);
  const maxPerRequest = flags.batchSize ?? caps.maxRecipientsPerRequest;
  const shown = !draft && !preview && flags.showRequests ? captureRequests(flags.showRequests) : undefined;
  const sinkOf = () => (draft ? draft.sink() : (preview?.sink ?? shown?.sink ?? COUNT_ONLY));
  const requestsOf = async (plan: PlanStats, settings: RequestSettings) => {
    if (!shown || !provider.requestBody) return {};
    const { sendRequestFor } = await import('./request.js');
    const { JoinedNumbers } = await import('../core/numbers.js');
    const requests = shown.batches.map((b) => {
      const body = provider.requestBody!(sendRequestFor(b.text, new JoinedNumbers(b.numbers, b.count), settings), SHOWN_NUMBERS);
      return { recipients: b.count, body, ...(b.count > SHOWN_NUMBERS && settings.contactGroupId === undefined && { numbersOmitted: b.count - SHOWN_NUMBERS }) };
    });
    return { requests, requestsOmitted: plan.batches - requests.length };
  };
  if (flags.group !== undefined) {
    const { parseTemplate, assertNoPlaceholders, noColumnsIn } = await import('../core/template.js');
    assertNoPlaceholders(parseTemplate(message), noColumnsIn('--group'));
    const input: RecipientInput = { recipients: [], template: parseTemplate(message), rowLabel: (row) => `--group #${row}`, kind: 'list', name: `--group ${flags.group}`, columns: [], list: [] };
    if (draft) await draft.writeListInput([]);
    const plan = await saved!.planGroup(provider, flags.group, message, templateId, sender, scheduledAt, sinkOf());
    const summary = await summaryOf(input, maxPerRequest, excludes?.files.map((f) => f.file));
    const requests = await requestsOf(plan, { sender, scheduledAt, options, contactGroupId: flags.group, templateId });
    return { plan, message, sender, scheduledAt, input, summary: { ...summary, ...requests, group: flags.group, ...(templateId && { templateId }) }, group: flags.group, templateId };
  }
  const { parsePersonalise } = await import('./personalise.js');
  const personalise = parsePersonalise(flags.personalise, provider.id);
  const personal = personalise === 'provider' && flags.csv !== undefined ? await personalPlan(message) : undefined;
  const input = await openRecipients(ctx, flags, personal?.pattern ?? message, draft && ((copyName?: string) => draft.tapInput(copyName)));
  if (draft && input.list) await draft.writeListInput(input.list);
  const packing = personal && (await import('./personalise.js')).packRecipients(personal.template, maxPerRequest, sinkOf());
  const watched = templateId !== undefined ? saved!.watchFirst(sinkOf()) : undefined;
  let plan = await buildPlan(
    input.recipients,
    input.template,
    {
      maxPerRequest,
      maxContentLength: caps.maxContentLength,
      providerName,
      rowLabel: input.rowLabel,
      signal: ctx.signal,
      onAbort: () => stopError(ctx.signal, t('input.stopped_reading_list')),
      exclude: excludes,
      allowEmpty: flags.allowEmpty,
    },
    packing?.sink ?? watched?.sink ?? sinkOf(),
  );
  if (packing) {
    await packing.finish();
    plan = packing.apply(plan);
  }
  if (templateId !== undefined) plan = await saved!.templateCredits(provider, plan, watched!.first, templateId, sender);
  const read = input.csvStats?.();
  if (read && read.records === 0) {
    throw invalidInput(t('input.no_data_rows', { name: input.name }), 'CSV_NO_ROWS');
  }
  if (read?.extraRows) {
    const { styleFor } = await import('../cli/style.js');
    const c = await styleFor(ctx, ctx.stderr);
    const columns = t('input.columns', { count: input.columns.length });
    const text = t('input.extra_fields', { count: read.extraRows, name: input.name, columns, first: formatNumber(read.firstExtraRow) });
    writeLine(ctx.stderr, c.yellow(t('input.warning', { text })));
  }
  const summary = await summaryOf(input, maxPerRequest, excludes?.files.map((f) => f.file));
  return {
    plan,
    message,
    sender,
    scheduledAt,
    input,
    summary: { ...summary, ...(await requestsOf(plan, { sender, scheduledAt, options, templateId, ...(personal && { personalisedTemplate: message }) })), ...(templateId && { templateId }), ...(personal ? { personalise: 'provider' as const } : personalise === 'local' && provider.capabilities.send.recipientVariables && { personalise: 'local' as const }) },
    templateId,
    ...(personal && { personalise: 'provider' as const }),
  };

  async function summaryOf(input: RecipientInput, maxPerRequest: number, excludeLists: string[] | undefined): Promise<SummaryContext> {
    return {
      providerId: provider.id,
      sandbox: Boolean(profile.sandbox),
      profile: profile.name,
      sender,
      scheduledAt: scheduledText,
      maxPerRequest,
      balance: chargedBalance(await fetchBalance(provider), options),
      ...(options && { options }),
      rowLabel: input.rowLabel,
      pace,
      excludeLists,
      allowEmpty: flags.allowEmpty,
    };
  }
}

async function settleSenderCheck(ctx: Context, check: Promise<SenderVerdict>, sender: string, providerName: string): Promise<void> {
  const verdict = await check;
  if (verdict.ok === true) return;
  if (verdict.ok === false) throw verdict.error;
  const { styleFor } = await import('../cli/style.js');
  const c = await styleFor(ctx, ctx.stderr);
  const text = t('input.sender_check_failed', { sender, provider: providerName, reason: verdict.reason });
  writeLine(ctx.stderr, c.yellow(t('input.warning', { text })));
}

/**
 * The balance a send is checked against: the credit type it will be charged to, when the
 * send names one (ThaiBulkSMS `force`); else the account's total, as the dashboard's
 * default type is not known here.
 */
function chargedBalance(balance: BalanceResult | undefined, options: ProviderSendOptions | undefined): BalanceResult | undefined {
  const type = options?.thaibulksms?.creditType;
  const of = type !== undefined ? balance?.byType?.[type] : undefined;
  return of === undefined ? balance : { balance: of, byType: balance!.byType, creditType: type };
}

/** The balance is shown in the summary and checked first; bad keys stop the send before it starts. */
export async function fetchBalance(provider: Provider): Promise<BalanceResult | undefined> {
  try {
    return await provider.balance();
  } catch (error) {
    if (error instanceof SmsctlError && error.kind === 'auth') throw error;
    return undefined;
  }
}

/** A message with placeholders, planned by its variables; without any, provider mode changes nothing. */
async function personalPlan(message: string): Promise<{ template: import('../core/template.js').Template; pattern: string } | undefined> {
  const { parseTemplate } = await import('../core/template.js');
  const { placeholderPattern } = await import('./personalise.js');
  const template = parseTemplate(message);
  return template.placeholders.length ? { template, pattern: placeholderPattern(template) } : undefined;
}

/** Request bodies a dry run shows, and numbers in each: enough to check the shape, never a whole list. */
const SHOWN_NUMBERS = 20;

/** A dry run's sink that keeps the first `max` batches (text and numbers) and only counts the rest. */
function captureRequests(max: number): { sink: PlanSink; batches: { text: string; numbers: string; count: number }[] } {
  const batches: { text: string; numbers: string; count: number }[] = [];
  return {
    batches,
    sink: {
      // Only the numbers shown, not a 2,000,000-number batch whole; and once it has its
      // batches, none: a personalised dry run of 2,000,000 rows would otherwise join two
      // million one-number lists only to drop them.
      get numbersWanted() {
        return batches.length < max ? SHOWN_NUMBERS : 0;
      },
      batch(head, numbers) {
        if (batches.length < max) batches.push({ text: head.text, numbers: numbers.join(','), count: head.count });
      },
    },
  };
}
