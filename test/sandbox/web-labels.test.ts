/**
 * The web inbox's own labels (src/sandbox/web/labels.ts) agree as the CLI's catalogues do
 * (test/i18n/catalogue.test.ts): the same keys and placeholders in English and Thai, Thai text
 * in the Thai ones. And the page's files hold no sentence of their own: inbox.html names its
 * labels {{key}}, inbox.js tr('key'), every such key exists and every label is used. (The i18n
 * lint skips the generated assets.ts; these files are where the page's words are checked.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS_NAMES } from '../../src/sandbox/delivery.js';
import { WEB_LABELS, type WebLabel } from '../../src/sandbox/web/labels.js';
import { renderPage } from '../../src/sandbox/web/page.js';
import { ROOT } from '../helpers/cli.js';
import { isProse, literals } from '../i18n/scan.js';

const STATIC = join(ROOT, 'src', 'sandbox', 'web', 'static');
const html = readFileSync(join(STATIC, 'inbox.html'), 'utf8');
const scriptPath = join(STATIC, 'inbox.js');
const script = readFileSync(scriptPath, 'utf8');

const { en, th } = WEB_LABELS;
const forms = (l: WebLabel): string[] => (typeof l === 'string' ? [l] : [l.one, l.other]);
const placeholders = (l: WebLabel): string[] => [...new Set(forms(l).flatMap((f) => [...f.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1]!)))].sort();
/** Labels Thai readers see as written: a URL column is "URL" in Thai too. */
const SAME_IN_THAI = new Set(['webhooks.col.url']);

/** The keys the page's template and script name. */
const htmlKeys = [...html.matchAll(/\{\{([a-z][a-z0-9_.]*)\}\}/g)].map((m) => m[1]!).filter((k) => k !== 'lang' && k !== 'labels');
// Every string in the script shaped like a key ("conv.none", also the branches of a ?:) names one.
const scriptKeys = literals(scriptPath).map((l) => l.text).filter((text) => /^[a-z][a-z_]*(?:\.[a-z_]+)+$/.test(text));
// Chosen by name in the script (tr(`status.${status}`)): every status the page can show.
const statusKeys = ['scheduled', 'delivered', ...STATUS_NAMES.filter((s) => s !== 'success')].map((s) => `status.${s}`);

describe('the web inbox labels', () => {
  it('have the same keys in English and Thai', () => {
    expect(Object.keys(th).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s: the same placeholders and forms in both languages, and Thai in the Thai one', (key) => {
    const k = key as keyof typeof en;
    expect(placeholders(th[k])).toEqual(placeholders(en[k]));
    expect(typeof th[k]).toBe(typeof en[k]);
    for (const form of [...forms(en[k]), ...forms(th[k])]) expect(form.trim()).not.toBe('');
    // A label of placeholders only ("{encoding}, {parts}") has no words to translate.
    const hasWords = forms(en[k]).some((f) => /[A-Za-z]/.test(f.replace(/\{[a-z]+\}/g, '')));
    if (hasWords && !SAME_IN_THAI.has(k)) for (const form of forms(th[k])) expect(form, `${k} in Thai`).toMatch(/[\u0E00-\u0E7F]/);
  });

  it('are all used by the page or its script, and name every key these use', () => {
    const used = new Set([...htmlKeys, ...scriptKeys, ...statusKeys]);
    expect([...used].filter((k) => !(k in en)), 'keys the page uses that labels.ts lacks').toEqual([]);
    expect(Object.keys(en).filter((k) => !used.has(k)), 'labels nothing uses').toEqual([]);
    expect(script).toContain('tr(`status.${status}`)');
  });

  it('leave no sentence in the page: its text and attributes are {{labels}}, names, or markup', () => {
    const text = html
      .replace(/<script type="application\/json"[^>]*>\{\{labels\}\}<\/script>/, '')
      .replace(/<[^>]*>/g, (tag) => ` ${[...tag.matchAll(/(?:placeholder|aria-label|title|alt)="([^"]*)"/g)].map((m) => m[1]).join(' ')} `)
      .replace(/\{\{[a-z0-9_.]+\}\}/g, ' ');
    const words = text.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w));
    // Brand and provider names, written as they are in every language.
    expect(words.filter((w) => !['smsctl', 'SEPSMS', 'ME-SMS', 'ThaiBulkSMS'].includes(w))).toEqual([]);
  });

  it("leave no sentence in the script's strings (comments and regular expressions aside)", () => {
    const prose = literals(scriptPath).filter((l) => isProse(l.text) && l.text !== 'use strict');
    expect(prose.map((l) => `inbox.js:${l.line}  ${l.text}`)).toEqual([]);
  });

  it('fill the page: <html lang>, every label escaped, the labels as JSON the script can read and no label can end', () => {
    for (const lang of ['en', 'th'] as const) {
      const page = renderPage(html, lang);
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).not.toMatch(/\{\{/);
      const json = /<script type="application\/json" id="labels">(.*)<\/script>/.exec(page)?.[1];
      expect(JSON.parse(json!)).toEqual(WEB_LABELS[lang]);
      expect(json).not.toContain('<');
    }
    const en = renderPage(html, 'en');
    expect(en).toContain('<p>It listens beyond this machine: paste the admin token <code>smsctl sandbox serve</code> printed, or open the address with <code>#token=…</code>.</p>');
    expect(renderPage(html, 'th')).toContain('<code>smsctl sandbox serve</code>');
  });
});
