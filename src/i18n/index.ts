/**
 * The language of every human-facing line (issue 16). Messages live in one keyed catalogue per
 * language (en/, th/); code asks for `t('area.key', params)` and never writes the sentence
 * itself (test/i18n/lint.test.ts). `--json`, exit codes and CSV reports never pass through
 * here: they stay English and identical in every language.
 *
 * Placeholders are `{name}`; a `{name}` with no such param is left as written (so a message can
 * show `{code}` from an OTP template). A message with plural forms is `{ one, other }`, chosen
 * by the `count` param, and `{count}` is written with digit grouping ("1,500"); every other
 * number is written as it is (a port stays 8787).
 */
import type { MessageKey } from './en/index.js';
import { englishAreas } from './en/areas.js';
import type { Message } from './types.js';

export type { MessageKey } from './en/index.js';
export type Lang = 'en' | 'th';
export const LANGUAGES: readonly Lang[] = ['en', 'th'];
export type Params = Readonly<Record<string, string | number | bigint>>;

type Areas = readonly Readonly<Record<string, Message>>[];

let current: Lang = 'en';
let messages: Areas = englishAreas;

// Keys are "area.name": never a name Object.prototype has.
function find(areas: Areas, key: string): Message | undefined {
  for (const area of areas) {
    const message = area[key];
    if (message !== undefined) return message;
  }
  return undefined;
}

function english(key: MessageKey): Message {
  return find(englishAreas, key)!;
}

/** Whether the catalogue has this key (status words built from a provider's value). */
export function hasMessage(key: string): key is MessageKey {
  return englishAreas.some((area) => Object.hasOwn(area, key));
}

export function language(): Lang {
  return current;
}

/** Switches the catalogue; Thai is loaded only when asked for, so English starts as fast as before. */
export async function useLanguage(lang: Lang): Promise<void> {
  messages = lang === 'th' ? (await import('./th/areas.js')).thaiAreas : englishAreas;
  current = lang;
}

export function t(key: MessageKey, params?: Params): string {
  const text = render(find(messages, key) ?? english(key), params);
  if (current !== 'en') remember(text, render(english(key), englishParams(params)));
  return text;
}

/**
 * The English twin of each line rendered lately in another language, so that a message made
 * for the terminal can still be recorded in English where the record is a machine contract (a
 * failed batch's error in the run journal, which feeds the CSV report). Nested messages pass
 * through params, so their twins are English all the way down. Bounded: the oldest go first.
 */
const twins = new Map<string, string>();
const MAX_TWINS = 4096;

function remember(text: string, english: string): void {
  if (text === english) return;
  twins.delete(text);
  twins.set(text, english);
  if (twins.size > MAX_TWINS) twins.delete(twins.keys().next().value!);
}

function englishParams(params?: Params): Params | undefined {
  if (!params) return params;
  let out: Record<string, string | number | bigint> | undefined;
  for (const [k, v] of Object.entries(params)) {
    const twin = typeof v === 'string' ? twins.get(v) : undefined;
    if (twin !== undefined) (out ??= { ...params })[k] = twin;
  }
  return out ?? params;
}

/** A message t() rendered, in English (itself when it was English, or not t()'s). */
export function inEnglish(text: string): string {
  return current === 'en' ? text : (twins.get(text) ?? text);
}

/** The English text whatever the language: for the few lines that are a machine contract. */
export function tEn(key: MessageKey, params?: Params): string {
  return render(english(key), params);
}

export function render(message: Message, params?: Params): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params?.count ?? 0);
    text = count === 1 ? message.one : message.other;
  }
  if (!params) return text;
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (name === 'count' && typeof value === 'number') return value.toLocaleString('en-US');
    return String(value);
  });
}
