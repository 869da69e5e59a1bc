/**
 * What the user reads before and after a send: one data object (printed as JSON with
 * --json) and its human rendering.
 */
import type { ChalkInstance } from 'chalk';
import { padDisplay } from '../cli/width.js';
import { formatNumber } from '../cli/output.js';
import { t } from '../i18n/index.js';
import { formatTimeBothCalendars } from '../i18n/dates.js';
import { PROVIDER_NAMES, type BalanceResult, type ProviderId, type ProviderSendOptions } from '../providers/types.js';
import { INVALID_ROWS_KEPT, type PlanStats } from './plan.js';
import type { Pace } from './pacing.js';
import type { RunTally } from '../runs/store.js';

export interface SummaryContext {
  providerId: ProviderId;
  sandbox: boolean;
  profile: string;
  sender?: string;
  scheduledAt?: string;
  maxPerRequest: number;
  balance?: BalanceResult;
  rowLabel: (row: number) => string;
  pace: Pace;
  /** The opt-out lists applied (--exclude files, the profile's exclude file), as named. */
  excludeLists?: string[];
  /** --allow-empty: rows with an empty field for a placeholder were sent. */
  allowEmpty?: boolean;
  /** The per-provider options every request carries (ThaiBulkSMS credit type, tag, …). */
  options?: ProviderSendOptions;
  /** ME-SMS contact group: the recipients are the provider's count. */
  group?: number;
  /** ME-SMS saved template: the texts are the provider's. */
  templateId?: string;
  /** A provider that can fill per-recipient variables (SEPSMS): how this send personalises. */
  personalise?: 'local' | 'provider';
  /** A dry run with --json: the first requests' bodies, exactly as they would be posted. */
  requests?: { recipients: number; body: Record<string, unknown>; numbersOmitted?: number }[];
  requestsOmitted?: number;
}

export function planJson(plan: PlanStats, sc: SummaryContext): Record<string, unknown> {
  return {
    provider: sc.providerId,
    sandbox: sc.sandbox,
    profile: sc.profile,
    sender: sc.sender ?? null,
    scheduledAt: sc.scheduledAt ?? null,
    recipients: {
      total: plan.rows,
      valid: plan.valid,
      invalid: plan.invalid.length,
      duplicates: plan.duplicates,
      excluded: plan.excluded,
      droppedLeadingZero: plan.droppedZero,
      // The first INVALID_ROWS_KEPT: the output stays small whatever the file (--report lists every row).
      invalidRows: plan.invalid.first,
      invalidRowsOmitted: plan.invalid.length - plan.invalid.first.length,
    },
    distinctTexts: plan.distinctTexts,
    parts: { min: plan.minParts, max: plan.maxParts, encodings: plan.encodings },
    credits: plan.credits,
    balance: sc.balance?.balance ?? null,
    requestsPlanned: plan.batches,
    pace: { concurrency: sc.pace.concurrency, rate: sc.pace.rate.label },
    ...(sc.options && { options: sc.options }),
    ...(sc.group !== undefined && { contactGroupId: sc.group }),
    ...(sc.templateId !== undefined && { templateId: sc.templateId }),
    ...(sc.personalise === 'provider' && { personalise: sc.personalise }),
    ...(sc.requests && { requests: sc.requests, requestsOmitted: sc.requestsOmitted ?? 0 }),
  };
}

export function planLines(plan: PlanStats, sc: SummaryContext, c: ChalkInstance, maxInvalidShown: number): string[] {
  const n = formatNumber;
  const provider = PROVIDER_NAMES[sc.providerId];
  const who = sc.profile === '(environment)' ? t('send.summary.env_keys') : t('send.summary.profile', { name: sc.profile });
  const lines = [c.bold(t('send.summary.title', { provider: providerText(sc.providerId, sc.sandbox), who }))];
  const row = (label: string, value: string) => lines.push(summaryRow(label, value));
  if (sc.group !== undefined) row(t('send.label.contact_group'), t('send.summary.group', { group: sc.group, recipients: n(plan.valid), provider }));
  else row(t('send.label.rows_read'), n(plan.rows));
  row(t('send.label.recipients'), c.green(n(plan.valid)));
  row(t('send.label.invalid'), plan.invalid.length ? c.yellow(n(plan.invalid.length)) : '0');
  row(t('send.label.duplicates'), plan.duplicates ? t('send.summary.duplicates', { count: plan.duplicates }) : '0');
  if (sc.excludeLists?.length) row(t('send.label.excluded'), t('send.summary.excluded', { count: plan.excluded, lists: sc.excludeLists.join(', ') }));
  const parts = plan.minParts === plan.maxParts ? `${plan.maxParts}` : `${plan.minParts}–${plan.maxParts}`;
  if (sc.templateId !== undefined) {
    const sets = plan.distinctTexts === 1 ? t('send.summary.one_variable_set') : t('send.summary.variable_sets', { count: plan.distinctTexts, provider });
    row(t('send.label.template'), t('send.summary.template', { id: sc.templateId, provider, sets }));
  } else if (plan.distinctTexts > 0) {
    const texts = plan.distinctTexts > 1 ? t('send.summary.personalised_texts', { count: plan.distinctTexts }) : '';
    row(t('send.label.message'), t('send.summary.message', { count: plan.maxParts, encodings: plan.encodings.join('/'), parts, texts }));
  }
  row(t('send.label.credits'), n(plan.credits));
  if (sc.balance) {
    const short = sc.balance.balance < plan.credits;
    const balance = `${n(sc.balance.balance)}${sc.balance.creditType ? ` ${sc.balance.creditType}` : ''}`;
    row(t('send.label.balance'), short ? c.red(t('send.summary.not_enough', { balance })) : balance);
  }
  row(t('send.label.requests'), t('send.summary.requests', { count: plan.batches, max: n(sc.maxPerRequest) }));
  row(t('send.label.pace'), paceText(plan.batches, sc.pace));
  if (sc.personalise === 'provider') {
    row(t('send.label.personalised'), t('send.summary.personalised_provider', { provider }));
  } else if (sc.personalise === 'local' && plan.distinctTexts > 1) {
    const secs = Number.isFinite(sc.pace.rate.perSecond) ? plan.batches / sc.pace.rate.perSecond : undefined;
    const slow = secs !== undefined && secs >= 10 ? t('send.summary.personalised_slow', { duration: duration(secs), rate: sc.pace.rate.label }) : '';
    row(t('send.label.personalised'), t('send.summary.personalised_local', { slow, requests: n(Math.ceil(plan.valid / sc.maxPerRequest)) }));
  }
  row(t('send.label.sender'), sc.sender ?? t('send.summary.default_sender'));
  // The time in both calendars, so a year typed in the wrong one is seen before sending; JSON keeps the ISO form.
  row(t('send.label.schedule'), sc.scheduledAt ? formatTimeBothCalendars(new Date(sc.scheduledAt)) : t('send.summary.now'));
  for (const [label, value] of optionRows(sc.options)) row(label, value);
  lines.push(...planNotes(plan, sc, c, maxInvalidShown));
  return lines;
}

/** "ME-SMS", "ME-SMS sandbox": the provider a send goes through, as the summary names it. */
export function providerText(id: ProviderId, sandbox: boolean): string {
  return sandbox ? t('send.provider_sandbox', { provider: PROVIDER_NAMES[id] }) : PROVIDER_NAMES[id];
}

/** Where a summary's values start: labels are padded to it by display width (Thai marks take no column). */
const LABEL_COLUMN = 18;

/** "  Recipients        282": one labelled row of a summary. */
export function summaryRow(label: string, value: string): string {
  return `  ${padDisplay(label, LABEL_COLUMN - 1)} ${value}`;
}

/** What the plan left out or changed, row by row: empty and missing fields, the first invalid rows. */
export function planNotes(plan: PlanStats, sc: SummaryContext, c: ChalkInstance, maxInvalidShown: number): string[] {
  const lines: string[] = [];
  for (const f of plan.emptyFields) {
    const what = sc.allowEmpty ? t('send.note.empty_sent') : t('send.note.empty_left_out');
    lines.push(c.yellow(`  ${t('send.note.empty_field', { count: f.rows, field: `{{${f.column}}}`, what })}`));
  }
  for (const f of plan.missingFields) {
    lines.push(c.yellow(`  ${t('send.note.missing_field', { count: f.rows, field: `{{${f.column}}}` })}`));
  }
  const shown = plan.invalid.first.slice(0, maxInvalidShown);
  for (const bad of shown) {
    lines.push(c.yellow(`  ${sc.rowLabel(bad.row)}: "${bad.value}" — ${bad.reason}`));
  }
  if (plan.invalid.length > shown.length) {
    const where = plan.invalid.length > INVALID_ROWS_KEPT ? t('send.note.json_lists_first', { count: INVALID_ROWS_KEPT }) : t('send.note.json_lists_all');
    lines.push(c.yellow(`  ${t('send.note.more_invalid', { count: plan.invalid.length - shown.length, where })}`));
  }
  return lines;
}

/** The summary's rows for the send's per-provider options. */
function optionRows(options: ProviderSendOptions | undefined): [string, string][] {
  const tbs = options?.thaibulksms;
  if (!tbs) return [];
  const rows: [string, string][] = [];
  if (tbs.creditType) rows.push([t('send.label.credit_type'), t('send.summary.credit_type', { type: tbs.creditType })]);
  if (tbs.shortenUrls) rows.push([t('send.label.links'), t('send.summary.links_shortened')]);
  if (tbs.tag) rows.push([t('send.label.tag'), tbs.tag]);
  if (tbs.callback) rows.push([t('send.label.callback'), `${tbs.callback.method} ${tbs.callback.url}`]);
  return rows;
}

/** "4 at a time, at most 2/s — about 2 min 30 s at that rate" */
export function paceText(requests: number, pace: Pace): string {
  const limit = Number.isFinite(pace.rate.perSecond) ? t('send.pace.at_most', { rate: pace.rate.label }) : t('send.pace.no_limit');
  const head = t('send.pace.head', { concurrency: pace.concurrency, limit });
  if (!Number.isFinite(pace.rate.perSecond)) return head;
  const secs = requests / pace.rate.perSecond;
  return secs < 10 ? head : t('send.pace.long', { head, duration: duration(secs) });
}

export function duration(secs: number): string {
  if (secs < 60) return t('send.duration.seconds', { s: Math.ceil(secs) });
  const m = Math.floor(secs / 60);
  if (m < 60) return t('send.duration.minutes', { m, s: Math.round(secs % 60) });
  return t('send.duration.hours', { h: Math.floor(m / 60), m: m % 60 });
}

/** The outcome of a run as JSON: one tally per state, every one {requests, recipients}. */
export function tallyJson(tally: RunTally): Record<string, unknown> {
  return {
    sent: tally.sent,
    failed: tally.failed,
    unknown: tally.unknown,
    notSent: tally.notSent,
    rejectedByProvider: { recipients: tally.rejectedByProvider },
  };
}

export function tallyLines(tally: RunTally, c: ChalkInstance, scheduledAt?: string): string[] {
  const counts = (k: { recipients: number; requests: number }) => ({ recipients: recipientsText(k.recipients), requests: requestsText(k.requests) });
  const lines = [c.green(scheduledAt ? t('send.result.scheduled', { time: scheduledAt, ...counts(tally.sent) }) : t('send.result.sent', counts(tally.sent)))];
  if (tally.rejectedByProvider) lines.push(c.yellow(t('send.result.refused', { numbers: t('send.count.numbers', { count: tally.rejectedByProvider }) })));
  if (tally.failed.requests) lines.push(c.red(t('send.result.failed', counts(tally.failed))));
  if (tally.unknown.requests) lines.push(c.red(t('send.result.unknown', counts(tally.unknown))));
  if (tally.notSent.requests) lines.push(c.yellow(t('send.result.not_sent', counts(tally.notSent))));
  return lines;
}

/** "1 recipient", "1,500 recipients" (Thai "ผู้รับ 1,500 ราย"). */
export function recipientsText(count: number): string {
  return t('send.count.recipients', { count });
}

/** "1 request", "20 requests". */
export function requestsText(count: number): string {
  return t('send.count.requests', { count });
}
