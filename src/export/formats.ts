/**
 * How exported recipients are written, a page at a time: every format turns one page into one
 * string, so a million rows cost a few thousand string joins, not a million writes. A run's
 * export adds the message reference as the last column (the first two stay msisdn, status, as
 * in a one-message export), so scripts that read a one-message file read a run's too.
 *
 * CSV, NDJSON and JSON are data: their headers and status values are the same in every
 * language. The table is for reading (a terminal, or `--format table` / a .txt file asked for
 * as such): its headers and status words are in the reader's language.
 */
import { t } from '../i18n/index.js';
import type { DeliveryStatus, RecipientsPage } from '../providers/types.js';
import { displayWidth, padDisplay } from '../cli/width.js';
import { statusWord } from '../status/words.js';

export type ExportFormat = 'table' | 'csv' | 'ndjson' | 'json';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['table', 'csv', 'ndjson', 'json'];

type Rows = RecipientsPage['recipients'];

export interface RowFormat {
  /** Written once, before the first row ('' for none). */
  header: string;
  /** One page of rows, each ending in a newline (JSON: each item after its separator). */
  page(rows: Rows, reference: string): string;
}

export interface FormatOptions {
  /** Add the reference column (a run's export). */
  withReference: boolean;
  /** No header line: a continuation (--after) appends to what an earlier export wrote. */
  noHeader?: boolean;
}

/** `"…"` around a CSV field that needs it; numbers and status names never do. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Cached per distinct value: a million rows carry a handful of statuses and references. */
function memo(fn: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size < 1000) cache.set(s, v);
    }
    return v;
  };
}

const DIGITS = /^\d*$/;

export function csvFormat(o: FormatOptions): RowFormat {
  const field = memo(csvField);
  return {
    header: o.noHeader ? '' : o.withReference ? 'msisdn,status,reference\n' : 'msisdn,status\n',
    page(rows, reference) {
      const tail = o.withReference ? `,${field(reference)}\n` : '\n';
      let out = '';
      for (const r of rows) out += `${DIGITS.test(r.msisdn) ? r.msisdn : csvField(r.msisdn)},${field(r.status)}${tail}`;
      return out;
    },
  };
}

function ndjsonItem(o: FormatOptions): (r: Rows[number], reference: string) => string {
  const str = memo((s) => JSON.stringify(s));
  return (r, reference) =>
    `{"msisdn":${DIGITS.test(r.msisdn) ? `"${r.msisdn}"` : JSON.stringify(r.msisdn)},"status":${str(r.status)}${o.withReference ? `,"reference":${str(reference)}` : ''}}`;
}

export function ndjsonFormat(o: FormatOptions): RowFormat {
  const item = ndjsonItem(o);
  return {
    header: '',
    page(rows, reference) {
      let out = '';
      for (const r of rows) out += `${item(r, reference)}\n`;
      return out;
    },
  };
}

/**
 * The items of the list inside the JSON document (its head and tail are written by whoever
 * owns the document): `\n{…}` first, `,\n{…}` after, as jsonListItem writes them.
 */
export function jsonItemsFormat(o: FormatOptions, counter: { count: number }): RowFormat {
  const item = ndjsonItem(o);
  return {
    header: '',
    page(rows, reference) {
      let out = '';
      for (const r of rows) out += `${counter.count++ === 0 ? '\n' : ',\n'}${item(r, reference)}`;
      return out;
    },
  };
}

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'success', 'failed', 'invalid', 'blocked', 'expired', 'timeout'];

/**
 * Aligned columns without knowing every row first: a canonical number is 11 digits and a
 * status word as wide as the widest one of a recipient (7 columns in English); the reference,
 * the same length throughout, comes last.
 */
export function tableFormat(o: FormatOptions): RowFormat {
  const MSISDN = 11;
  const statusHead = t('status.column.status');
  const STATUS = Math.max(7, displayWidth(statusHead), ...DELIVERY_STATUSES.map((s) => displayWidth(statusWord(s))));
  // Numbers are digits, one column each: the plain pad, a million times over.
  const pad = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));
  const word = memo(statusWord);
  const status = memo((s) => padDisplay(word(s), STATUS));
  const msisdnHead = padDisplay(t('status.column.msisdn'), MSISDN);
  const head = o.withReference ? `${msisdnHead}  ${padDisplay(statusHead, STATUS)}  ${t('status.column.reference')}\n` : `${msisdnHead}  ${statusHead}\n`;
  return {
    header: o.noHeader ? '' : head,
    page(rows, reference) {
      let out = '';
      for (const r of rows) {
        out += o.withReference ? `${pad(r.msisdn, MSISDN)}  ${status(r.status)}  ${reference}\n` : `${pad(r.msisdn, MSISDN)}  ${word(r.status)}\n`;
      }
      return out;
    },
  };
}
