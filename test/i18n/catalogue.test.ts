/**
 * The catalogues agree (issue 16): every key in both languages, the same placeholders in both
 * (a Thai line that lost `{row}` would hide which row is wrong), Thai text in the Thai one, and
 * no key left that nothing uses.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { th } from '../../src/i18n/th/index.js';
import { render } from '../../src/i18n/index.js';
import { englishAreas } from '../../src/i18n/en/areas.js';
import { thaiAreas } from '../../src/i18n/th/areas.js';
import type { Message } from '../../src/i18n/types.js';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { literals, sourceFiles } from './scan.js';

const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : [m.one, m.other]);
const placeholders = (m: Message): string[] => [...new Set(forms(m).flatMap((f) => [...f.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((x) => x[1]!)))].sort();

/**
 * Thai messages that are rightly not Thai: nothing but a command, a flag or a placeholder.
 * Anything else in the Thai catalogue with English words and no Thai letter was not translated.
 */
const UNTRANSLATED = /^(?![\s\S]*[\u0E00-\u0E7F])[\s\S]*[A-Za-z]{2,}\s+[A-Za-z]{2,}/;
const TECHNICAL = /^[\s{}A-Za-z0-9_.:/@-]*$|^smsctl |^--/;

describe('catalogues', () => {
  // t() reads the areas in turn and takes the first it finds: a key in two would hide one.
  it.each([
    ['English', englishAreas],
    ['Thai', thaiAreas],
  ] as const)('%s: no key is in two areas, and the areas are the whole catalogue', (_, areas) => {
    const keys = areas.flatMap((area) => Object.keys(area));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(keys.sort()).toEqual(Object.keys(en).sort());
  });

  it('have the same keys in English and Thai', () => {
    expect(Object.keys(th).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s: the same placeholders in both languages', (key) => {
    const k = key as keyof typeof en;
    expect(placeholders(th[k])).toEqual(placeholders(en[k]));
  });

  it('have no empty message', () => {
    const empty = Object.entries({ ...en }).filter(([k, m]) => forms(m).some((f) => f === '') || forms(th[k as keyof typeof th]).some((f) => f === ''));
    expect(empty.map(([k]) => k)).toEqual([]);
  });

  it('are translated: no English sentence left in the Thai catalogue', () => {
    const left = Object.entries(th).filter(([, m]) => forms(m).some((f) => UNTRANSLATED.test(f) && !TECHNICAL.test(f)));
    expect(left.map(([k, m]) => `${k}: ${forms(m).join(' | ')}`)).toEqual([]);
  });

  it('has no key that nothing in src/ uses', () => {
    const used = new Set<string>();
    const prefixes: string[] = [];
    // The README's quick start (scripts/demo.mjs) speaks through the catalogue too.
    for (const file of [...sourceFiles(), join(ROOT, 'scripts', 'demo.mjs')]) {
      if (/[\\/]src[\\/]i18n[\\/](en|th)[\\/]/.test(file)) continue;
      for (const lit of literals(file)) {
        if (lit.text.includes('\u0000')) {
          // t(`exit.${kind}`): every key under "exit." may be used.
          const head = lit.text.split('\u0000')[0]!;
          if (/^[a-z][a-z0-9_]*\./.test(head)) prefixes.push(head);
        } else used.add(lit.text);
      }
    }
    const unused = Object.keys(en).filter((k) => !used.has(k) && !prefixes.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });
});

describe('render', () => {
  it.each([
    ['{n} rows', { n: 3 }, '3 rows'],
    ['{count} credits', { count: 1500 }, '1,500 credits'],
    ['port {port}', { port: 8787 }, 'port 8787'],
    ['code {code}', {}, 'code {code}'],
    ['{a}{b}', { a: 'x', b: 'y' }, 'xy'],
  ] as const)('%j with %j is %j', (message, params, out) => {
    expect(render(message, params)).toBe(out);
  });

  it('picks the plural form by count', () => {
    const m = { one: '{count} recipient', other: '{count} recipients' };
    expect([0, 1, 2, 1000].map((count) => render(m, { count }))).toEqual(['0 recipients', '1 recipient', '2 recipients', '1,000 recipients']);
  });
});

describe('inEnglish: what a Thai run records for scripts', () => {
  it('gives the English twin of a Thai line, nested messages included', async () => {
    const { useLanguage, t, tEn, inEnglish } = await import('../../src/i18n/index.js');
    await useLanguage('th');
    try {
      const inner = t('exit.credit');
      const outer = t('send.gave_up', { message: inner, attempts: 3 });
      expect(outer).toMatch(/[\u0E00-\u0E7F]/);
      expect(inEnglish(outer)).toBe('insufficient credit — gave up after 3 attempts');
      expect(inEnglish(outer)).toBe(tEn('send.gave_up', { message: tEn('exit.credit'), attempts: 3 }));
      expect(inEnglish('a provider said this verbatim')).toBe('a provider said this verbatim');
    } finally {
      await useLanguage('en');
    }
  });
});
