#!/usr/bin/env node
// Writes src/core/mobile-ranges.ts: Thailand's mobile and VoIP number ranges, taken from the Thai
// metadata of libphonenumber-js (a dev dependency; nothing of it is loaded at run time).
//
//   npm run gen:ranges                           regenerate after upgrading libphonenumber-js
//   node scripts/gen-mobile-ranges.mjs --check   exit 1 if the committed file is stale
//
// The ranges are over the first PREFIX_DIGITS digits of the 9-digit national significant number
// (NSN 812345678 → prefix 81234). Each prefix is classified the way libphonenumber-js's
// getNumberType() does it (general pattern, fixed line first, then the other types in its
// order), and the generator refuses to write a table if the metadata draws a range boundary
// below prefix granularity (the verdict would then depend on digits the table does not see).
// test/core/mobile-ranges.test.ts runs generate() in memory and compares it with the committed file.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Metadata } from 'libphonenumber-js/core';

const require = createRequire(import.meta.url);

export const OUTPUT = fileURLToPath(new URL('../src/core/mobile-ranges.ts', import.meta.url));
export const PREFIX_DIGITS = 5;
const NSN_LENGTH = 9;
const SUFFIX_DIGITS = NSN_LENGTH - PREFIX_DIGITS;

export const OTHER = 0;
export const MOBILE = 1;
export const VOIP = 2;
const KIND_NAMES = { [MOBILE]: 'mobile', [VOIP]: 'VoIP' };

// libphonenumber-js/es6/helpers/getNumberType.js: FIXED_LINE is tried first, then these in order.
const NON_FIXED_LINE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** Suffixes tried for every prefix: all zeros, all nines, and every digit in every position over both. */
function sampleSuffixes() {
  const out = new Set(['0'.repeat(SUFFIX_DIGITS), '9'.repeat(SUFFIX_DIGITS)]);
  for (const base of ['0', '9']) {
    for (let pos = 0; pos < SUFFIX_DIGITS; pos++) {
      for (let d = 0; d <= 9; d++) {
        out.add(base.repeat(pos) + d + base.repeat(SUFFIX_DIGITS - pos - 1));
      }
    }
  }
  return [...out];
}

/** A classifier of 9-digit Thai NSNs (as strings) → OTHER / MOBILE / VOIP, plus what it was built from. */
export function thaiClassifier() {
  const json = require('libphonenumber-js/metadata.max.json');
  const { version } = require('libphonenumber-js/package.json');
  const metadata = new Metadata(json);
  metadata.selectNumberingPlan('TH');
  const whole = (pattern) => new RegExp(`^(?:${pattern})$`);
  const general = whole(metadata.nationalNumberPattern());
  const generalLengths = metadata.possibleLengths();
  const typeTest = (name) => {
    const type = metadata.type(name);
    const pattern = type?.pattern();
    if (!pattern) return undefined;
    const re = whole(pattern);
    const lengths = type.possibleLengths();
    return (nsn) => (!lengths || lengths.includes(nsn.length)) && re.test(nsn);
  };
  const fixedLine = typeTest('FIXED_LINE');
  const others = NON_FIXED_LINE_TYPES.map((name) => [name, typeTest(name)]).filter(([, t]) => t);
  const classify = (nsn) => {
    if (!general.test(nsn)) return OTHER;
    if (generalLengths && !generalLengths.includes(nsn.length)) return OTHER;
    if (fixedLine?.(nsn)) return OTHER; // FIXED_LINE or FIXED_LINE_OR_MOBILE: not type MOBILE
    for (const [name, test] of others) {
      if (test(nsn)) return name === 'MOBILE' ? MOBILE : name === 'VOIP' ? VOIP : OTHER;
    }
    return OTHER;
  };
  return {
    classify,
    version,
    patterns: { mobile: metadata.type('MOBILE')?.pattern() ?? '', voip: metadata.type('VOIP')?.pattern() ?? '' },
  };
}

/** [from, to, kind] over PREFIX_DIGITS-digit NSN prefixes, ascending, adjacent rows of one kind merged. */
export function computeRanges(classify) {
  const suffixes = sampleSuffixes();
  const ranges = [];
  const limit = 10 ** PREFIX_DIGITS;
  for (let p = 0; p < limit; p++) {
    const prefix = String(p).padStart(PREFIX_DIGITS, '0');
    const kind = classify(prefix + suffixes[0]);
    for (const s of suffixes) {
      if (classify(prefix + s) !== kind) {
        throw new Error(
          `libphonenumber-js splits NSN prefix ${prefix} (national 0${prefix}…): ${prefix}${suffixes[0]} and ${prefix}${s} differ; ` +
            'raise PREFIX_DIGITS (src/core/phone.ts sizes its table from the generated constant)',
        );
      }
    }
    if (kind === OTHER) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[2] === kind && last[1] === p - 1) last[1] = p;
    else ranges.push([p, p, kind]);
  }
  return ranges;
}

/** The text of src/core/mobile-ranges.ts. */
export function generate() {
  const { classify, version, patterns } = thaiClassifier();
  const ranges = computeRanges(classify);
  const national = (p) => `0${String(p).padStart(PREFIX_DIGITS, '0')}`;
  const rows = ranges.map(
    ([from, to, kind]) => `  [${from}, ${to}, ${kind}], // ${national(from)}–${national(to)} ${KIND_NAMES[kind]}`,
  );
  return [
    `// generated by scripts/gen-mobile-ranges.mjs from libphonenumber-js ${version}; do not edit.`,
    '// Regenerate with `npm run gen:ranges` after upgrading libphonenumber-js.',
    '//',
    '// Thai (TH) metadata, national significant number patterns:',
    `//   mobile: ${patterns.mobile}`,
    `//   VoIP:   ${patterns.voip}`,
    '',
    '/** 1: mobile, 2: VoIP. Prefixes in no range are neither. */',
    'export type RangeKind = 1 | 2;',
    '',
    '/** How many leading digits of the 9-digit national significant number the ranges are over. */',
    `export const PREFIX_DIGITS = ${PREFIX_DIGITS};`,
    '',
    '/**',
    ` * Inclusive ranges of ${PREFIX_DIGITS}-digit NSN prefixes (NSN 812345678 → 81234), ascending and`,
    ' * not overlapping; comments give them in national form.',
    ' */',
    'export const MOBILE_RANGES: ReadonlyArray<readonly [from: number, to: number, kind: RangeKind]> = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const text = generate();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {}
    if (current !== text) {
      console.error('src/core/mobile-ranges.ts is stale; run npm run gen:ranges');
      process.exit(1);
    }
    console.log('src/core/mobile-ranges.ts is up to date');
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT}`);
  }
}
