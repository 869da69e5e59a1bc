/**
 * What the user reads before and after a send: one data object (printed as JSON with
 * --json) and its human rendering.
 */
import type { ChalkInstance } from 'chalk';
import { formatNumber } from '../cli/output.js';
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
  const lines = [c.bold(`Send summary — ${PROVIDER_NAMES[sc.providerId]}${sc.sandbox ? ' sandbox' : ''} (${sc.profile === '(environment)' ? 'keys from the environment' : `profile ${sc.profile}`})`)];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(18)}${value}`);
  if (sc.group !== undefined) row('Contact group', `${sc.group} — ${n(plan.valid)} recipients, as ${PROVIDER_NAMES[sc.providerId]} counts them (asked with a dry run)`);
  else row('Rows read', n(plan.rows));
  row('Recipients', c.green(n(plan.valid)));
  row('Invalid', plan.invalid.length ? c.yellow(n(plan.invalid.length)) : '0');
  row('Duplicates', plan.duplicates ? `${n(plan.duplicates)} (sent once)` : '0');
  if (sc.excludeLists?.length) row('Excluded', `${n(plan.excluded)} (opt-out lists: ${sc.excludeLists.join(', ')})`);
  const parts = plan.minParts === plan.maxParts ? `${plan.maxParts}` : `${plan.minParts}–${plan.maxParts}`;
  if (sc.templateId !== undefined) {
    const sets = plan.distinctTexts === 1 ? 'one variable set' : `${n(plan.distinctTexts)} variable sets, one request each (${PROVIDER_NAMES[sc.providerId]} takes one set of variables per request)`;
    row('Template', `${sc.templateId} (saved on ${PROVIDER_NAMES[sc.providerId]}), ${sets}; credits from its dry run of the first set`);
  } else if (plan.distinctTexts > 0) {
    row('Message', `${plan.encodings.join('/')}, ${parts} part${plan.maxParts === 1 ? '' : 's'}${plan.distinctTexts > 1 ? `, ${n(plan.distinctTexts)} personalised texts` : ''}`);
  }
  row('Credits', n(plan.credits));
  if (sc.balance) {
    const short = sc.balance.balance < plan.credits;
    const of = sc.balance.creditType ? ` ${sc.balance.creditType}` : '';
    row('Balance', short ? c.red(`${n(sc.balance.balance)}${of} (not enough)`) : `${n(sc.balance.balance)}${of}`);
  }
  row('Requests', `${n(plan.batches)} (at most ${n(sc.maxPerRequest)} recipients each)`);
  row('Pace', paceText(plan.batches, sc.pace));
  if (sc.personalise === 'provider') {
    row('Personalised', `by ${PROVIDER_NAMES[sc.providerId]} (--personalise provider): the template and each recipient's variables in one request per batch, in this project's assumed shape (README)`);
  } else if (sc.personalise === 'local' && plan.distinctTexts > 1) {
    const secs = Number.isFinite(sc.pace.rate.perSecond) ? plan.batches / sc.pace.rate.perSecond : undefined;
    row('Personalised', `here: one request per distinct text${secs !== undefined && secs >= 10 ? `, at least ${duration(secs)} at ${sc.pace.rate.label}` : ''}; --personalise provider sends ${formatNumber(Math.ceil(plan.valid / sc.maxPerRequest))} instead (its variables shape is an assumption, see README)`);
  }
  row('Sender', sc.sender ?? '(provider default)');
  // A person reads Bangkok time as the result line writes it; JSON keeps the ISO form.
  row('Schedule', sc.scheduledAt ? sc.scheduledAt.replace('T', ' ').replace(/\+07:00$/, ' +07:00') : 'now');
  for (const [label, value] of optionRows(sc.options)) row(label, value);
  lines.push(...planNotes(plan, sc, c, maxInvalidShown));
  return lines;
}

/** What the plan left out or changed, row by row: empty and missing fields, the first invalid rows. */
export function planNotes(plan: PlanStats, sc: SummaryContext, c: ChalkInstance, maxInvalidShown: number): string[] {
  const n = formatNumber;
  const lines: string[] = [];
  const rows = (k: number) => `${n(k)} ${k === 1 ? 'row has' : 'rows have'}`;
  for (const f of plan.emptyFields) {
    lines.push(c.yellow(`  ${rows(f.rows)} an empty {{${f.column}}}: ${sc.allowEmpty ? 'sent with it empty (--allow-empty)' : 'left out (--allow-empty sends them)'}`));
  }
  for (const f of plan.missingFields) {
    lines.push(c.yellow(`  ${rows(f.rows)} no {{${f.column}}} field (shorter than the header): left out`));
  }
  const shown = plan.invalid.first.slice(0, maxInvalidShown);
  for (const bad of shown) {
    lines.push(c.yellow(`  ${sc.rowLabel(bad.row)}: "${bad.value}" — ${bad.reason}`));
  }
  if (plan.invalid.length > shown.length) {
    const where = plan.invalid.length > INVALID_ROWS_KEPT ? `--json lists the first ${n(INVALID_ROWS_KEPT)}, a send's --report file every one` : '--json lists them all';
    lines.push(c.yellow(`  … and ${n(plan.invalid.length - shown.length)} more invalid rows (${where})`));
  }
  return lines;
}

/** The summary's rows for the send's per-provider options. */
function optionRows(options: ProviderSendOptions | undefined): [string, string][] {
  const t = options?.thaibulksms;
  if (!t) return [];
  const rows: [string, string][] = [];
  if (t.creditType) rows.push(['Credit type', `${t.creditType} (the balance above is of this type)`]);
  if (t.shortenUrls) rows.push(['Links', 'shortened by ThaiBulkSMS (--shorten-urls): the credit estimate assumes the text as written']);
  if (t.tag) rows.push(['Tag', t.tag]);
  if (t.callback) rows.push(['Callback', `${t.callback.method} ${t.callback.url}`]);
  return rows;
}

/** "4 at a time, at most 2/s — about 2 min 30 s at that rate" */
export function paceText(requests: number, pace: Pace): string {
  const limit = Number.isFinite(pace.rate.perSecond) ? `at most ${pace.rate.label}` : 'no rate limit';
  const head = `${pace.concurrency} at a time, ${limit}`;
  if (!Number.isFinite(pace.rate.perSecond)) return head;
  const secs = requests / pace.rate.perSecond;
  return secs < 10 ? head : `${head} — at least ${duration(secs)} at that rate`;
}

export function duration(secs: number): string {
  if (secs < 60) return `${Math.ceil(secs)} s`;
  const m = Math.floor(secs / 60);
  if (m < 60) return `${m} min ${Math.round(secs % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The outcome of a run as JSON: one tally per state, every one {requests, recipients}. */
export function tallyJson(t: RunTally): Record<string, unknown> {
  return {
    sent: t.sent,
    failed: t.failed,
    unknown: t.unknown,
    notSent: t.notSent,
    rejectedByProvider: { recipients: t.rejectedByProvider },
  };
}

export function tallyLines(t: RunTally, c: ChalkInstance, scheduledAt?: string): string[] {
  const n = formatNumber;
  const plural = (k: number, w: string) => `${n(k)} ${w}${k === 1 ? '' : 's'}`;
  const done = scheduledAt ? `Scheduled for ${scheduledAt}:` : 'Sent to';
  const lines = [c.green(`${done} ${plural(t.sent.recipients, 'recipient')} in ${plural(t.sent.requests, 'request')}.`)];
  if (t.rejectedByProvider) lines.push(c.yellow(`The provider refused ${plural(t.rejectedByProvider, 'number')} inside accepted requests.`));
  if (t.failed.requests) lines.push(c.red(`Failed, not sent: ${plural(t.failed.recipients, 'recipient')} in ${plural(t.failed.requests, 'request')}.`));
  if (t.unknown.requests) lines.push(c.red(`Outcome unknown (may or may not have been sent): ${plural(t.unknown.recipients, 'recipient')} in ${plural(t.unknown.requests, 'request')}.`));
  if (t.notSent.requests) lines.push(c.yellow(`Not sent yet: ${plural(t.notSent.recipients, 'recipient')} in ${plural(t.notSent.requests, 'request')}.`));
  return lines;
}
