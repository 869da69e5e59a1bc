/**
 * `{{column}}` personalisation. A template is compiled once into literal and column pieces,
 * so rendering two million rows is a join, not a regex pass per row.
 */
import { invalidInput } from '../errors.js';
import { t } from '../i18n/index.js';
import { listColumns, matchColumn } from './csv.js';

export interface Template {
  source: string;
  /** Distinct placeholder names, in order of first use. After resolvePlaceholders: the column names. */
  placeholders: string[];
  /** Fills each placeholder from values; a missing value renders as '' (a short CSV row). */
  render(values: Record<string, string>): string;
  /** The same with the values of `placeholders`, in that order: no object per row. */
  renderValues(values: readonly string[]): string;
  /**
   * A 32-bit hash (FNV-1a over the UTF-16 code units) of renderValues(values), computed from
   * the pieces: the text itself is never flattened for it.
   */
  hashValues(values: readonly string[]): number;
  /** The text without its placeholders (its literal pieces, joined). */
  readonly literalText: string;
  /** literalText is only whitespace (a row's text is then blank when its values are). */
  readonly blankLiterals: boolean;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The hash Template.hashValues gives for this text. */
export function hashText(text: string): number {
  return fnv(FNV_OFFSET, text);
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

export function parseTemplate(text: string): Template {
  const { literals, keys } = parsePieces(text);
  if (keys.includes('')) throw invalidInput(t('template.empty_placeholder'), 'TEMPLATE_INVALID');
  // A typo such as "{{name}" would otherwise be sent verbatim to every recipient.
  const stray = literals.find((l) => l.includes('{{') || l.includes('}}'));
  if (stray !== undefined) {
    throw invalidInput(t('template.unmatched', { near: snippet(stray) }), 'TEMPLATE_INVALID');
  }
  return compile(text, literals, keys);
}

/**
 * Binds each placeholder to a CSV column (exact name, then ignoring case and spaces), so a
 * misspelt placeholder stops the send before anything goes out.
 */
export function resolvePlaceholders(template: Template, headers: string[]): Template {
  const columns = new Map<string, string>();
  const unknown: string[] = [];
  for (const p of template.placeholders) {
    const column = matchColumn(headers, p);
    if (column === undefined) unknown.push(p);
    else columns.set(p, column);
  }
  if (unknown.length > 0) {
    const names = unknown.map((u) => `{{${u}}}`).join(', ');
    throw invalidInput(t('template.unknown_column', { names, columns: listColumns(headers) }), 'TEMPLATE_UNKNOWN_PLACEHOLDER');
  }
  const parsed = parsePieces(template.source);
  return compile(template.source, parsed.literals, parsed.keys.map((k) => columns.get(k)!));
}

/**
 * Throws when the message has placeholders but nothing can fill them (e.g. numbers given with
 * --to). `reason` completes the sentence: "…but <reason>" (noColumnsIn gives the usual one).
 */
export function assertNoPlaceholders(template: Template, reason: string): void {
  if (template.placeholders.length === 0) return;
  const names = template.placeholders.map((p) => `{{${p}}}`).join(', ');
  throw invalidInput(t('template.needs_csv', { names, reason }), 'TEMPLATE_NEEDS_CSV');
}

/** "--to has no columns to fill it from; use --csv": why a list or a group cannot fill placeholders. */
export function noColumnsIn(flag: string): string {
  return t('template.no_columns', { flag });
}

function parsePieces(text: string): { literals: string[]; keys: string[] } {
  const literals: string[] = [];
  const keys: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    literals.push(text.slice(last, m.index));
    keys.push(m[1]!.trim());
    last = m.index + m[0].length;
  }
  literals.push(text.slice(last));
  return { literals, keys };
}

function compile(source: string, literals: string[], keys: string[]): Template {
  const placeholders = [...new Set(keys)];
  // For each placeholder occurrence, its index in placeholders.
  const slots = keys.map((k) => placeholders.indexOf(k));
  const head = fnv(FNV_OFFSET, literals[0]!);
  return {
    source,
    placeholders,
    renderValues(values) {
      let out = literals[0]!;
      for (let i = 0; i < slots.length; i++) out += values[slots[i]!]! + literals[i + 1]!;
      return out;
    },
    hashValues(values) {
      let h = head;
      for (let i = 0; i < slots.length; i++) h = fnv(fnv(h, values[slots[i]!]!), literals[i + 1]!);
      return h;
    },
    literalText: literals.join(''),
    blankLiterals: literals.every((l) => l.trim() === ''),
    render(values) {
      let out = literals[0]!;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        // hasOwn: a placeholder such as {{constructor}} must not pick up Object.prototype.
        out += (Object.hasOwn(values, key) ? values[key] : '') + literals[i + 1]!;
      }
      return out;
    },
  };
}

function snippet(text: string): string {
  const found = [text.indexOf('{{'), text.indexOf('}}')].filter((i) => i >= 0);
  const i = Math.min(...found);
  return text.slice(Math.max(0, i - 10), i + 12);
}
