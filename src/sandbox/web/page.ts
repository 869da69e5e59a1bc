/**
 * The page at `/` in the reader's language: the address's ?lang=th|en first (a link can pin
 * it), else the browser's Accept-Language (whichever of Thai and English it prefers), else the
 * language the sandbox was started in. static/inbox.html is a template: {{key}} is a label,
 * {{lang}} the language, {{labels}} every label as JSON for the script.
 */
import { WEB_LABELS, WEB_LANGUAGES, type WebLabel, type WebLabelKey, type WebLanguage } from './labels.js';

const isLanguage = (v: string | null | undefined): v is WebLanguage => WEB_LANGUAGES.includes(v as WebLanguage);

/**
 * The language Accept-Language ranks first among English and Thai ("th-TH,th;q=0.9,en;q=0.8"
 * is Thai, "en-US,en;q=0.9,th;q=0.8" English); undefined when it names neither.
 */
export function acceptedLanguage(header: string | undefined): WebLanguage | undefined {
  if (!header) return undefined;
  let best: { lang: WebLanguage; q: number } | undefined;
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const lang = range.trim().toLowerCase().split('-')[0];
    if (!isLanguage(lang)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    // Equal weights keep the header's order: the first named wins.
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang;
}

export function pageLanguage(query: URLSearchParams, acceptLanguage: string | undefined, fallback: WebLanguage): WebLanguage {
  const asked = query.get('lang')?.toLowerCase();
  if (isLanguage(asked)) return asked;
  return acceptedLanguage(acceptLanguage) ?? fallback;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Markup a label places with a placeholder: the label is text, these are the page's own code. */
const MARKUP: Readonly<Record<string, string>> = {
  // i18n-ignore: a command, as typed
  serve: '<code>smsctl sandbox serve</code>',
  fragment: '<code>#token=…</code>',
};

function labelHtml(label: WebLabel): string {
  return escapeHtml(typeof label === 'string' ? label : label.other).replace(/\{([a-z]+)\}/g, (whole, name: string) => MARKUP[name] ?? whole);
}

/** The template filled in for one language. */
export function renderPage(template: string, lang: WebLanguage): string {
  const labels = WEB_LABELS[lang];
  // The script reads the labels from a JSON data block (never run): "<" is escaped so no label can end it.
  const json = JSON.stringify(labels).replace(/</g, '\\u003c');
  return template.replace(/\{\{([a-z][a-z0-9_.]*)\}\}/g, (whole, key: string) => {
    if (key === 'lang') return lang;
    if (key === 'labels') return json;
    // A name that is no label stays as written (test/sandbox/web-labels.test.ts finds it first).
    const label = labels[key as WebLabelKey] as WebLabel | undefined;
    return label === undefined ? whole : labelHtml(label);
  });
}
