import { describe, expect, test } from 'vitest';
import { partsOf } from '../../src/sandbox/parts.js';

// Expectations are worked out by hand from the providers' rules, never by calling a counter:
// GSM-7 160 septets in one part / 153 per part; UCS-2 70 code units / 67 per part; extension
// characters (^ { } \ [ ] ~ | € FF) take 2 septets; no character straddles two parts.

const a = (n: number): string => 'a'.repeat(n);
const TH = 'ก'; // Thai, one UTF-16 code unit
const th = (n: number): string => TH.repeat(n);
const EMOJI = '😀'; // one character, two UTF-16 code units
/** The whole 3GPP TS 23.038 default alphabet except ESC: 127 characters, 1 septet each. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** All ten extension-table characters: 20 septets. */
const EXT = '^{}\\[]~|€\f';

describe('sandbox partsOf', () => {
  test.each([
    // label, text, encoding, parts
    ['empty', '', 'GSM-7', 1],
    ['1 GSM char', 'a', 'GSM-7', 1],
    ['160 GSM chars', a(160), 'GSM-7', 1],
    ['161 GSM chars', a(161), 'GSM-7', 2],
    ['306 GSM chars (2 × 153)', a(306), 'GSM-7', 2],
    ['307 GSM chars', a(307), 'GSM-7', 3],
    ['459 GSM chars (3 × 153)', a(459), 'GSM-7', 3],
    ['460 GSM chars', a(460), 'GSM-7', 4],
    ['whole default alphabet (127 septets)', BASIC, 'GSM-7', 1],
    ['default alphabet twice (254 septets)', BASIC + BASIC, 'GSM-7', 2],
    ['all extension chars (20 septets)', EXT, 'GSM-7', 1],
    ['extension chars × 8 (160 septets)', EXT.repeat(8), 'GSM-7', 1],
    ['extension chars × 8 + a (161 septets)', EXT.repeat(8) + 'a', 'GSM-7', 2],
    ['80 × € (160 septets)', '€'.repeat(80), 'GSM-7', 1],
    ['81 × { (162 septets: 76 + 5 chars)', '{'.repeat(81), 'GSM-7', 2],
    ['153 a + € (155 septets, still one part)', a(153) + '€', 'GSM-7', 1],
    ['158 a + € (160 septets)', a(158) + '€', 'GSM-7', 1],
    ['159 a + € (161 septets)', a(159) + '€', 'GSM-7', 2],
    ['159 a + ^ (161 septets)', a(159) + '^', 'GSM-7', 2],
    // 306 septets would divide into 2 × 153, but the escape pair cannot straddle parts 1 and 2.
    ['152 a + [ + 152 a (escape at the 153 boundary)', a(152) + '[' + a(152), 'GSM-7', 3],
    ['151 a + € + 153 a (escape fits part 1 exactly)', a(151) + '€' + a(153), 'GSM-7', 2],
    ['305 a + ~ (escape at the 306 boundary)', a(305) + '~', 'GSM-7', 3],
    ['80 form feeds (160 septets)', '\f'.repeat(80), 'GSM-7', 1],
    ['159 a + form feed (161 septets)', a(159) + '\f', 'GSM-7', 2],
    ['158 a + CR LF (1 septet each)', a(158) + '\r\n', 'GSM-7', 1],
    ['70 Thai', th(70), 'UCS-2', 1],
    ['71 Thai', th(71), 'UCS-2', 2],
    ['134 Thai (2 × 67)', th(134), 'UCS-2', 2],
    ['135 Thai', th(135), 'UCS-2', 3],
    ['201 Thai (3 × 67)', th(201), 'UCS-2', 3],
    ['202 Thai', th(202), 'UCS-2', 4],
    ['Thai + ASCII (12 units)', 'สวัสดี Hello', 'UCS-2', 1],
    ['69 a + 1 Thai (70 units)', a(69) + TH, 'UCS-2', 1],
    ['70 a + 1 Thai (71 units)', a(70) + TH, 'UCS-2', 2],
    ['one Thai char makes 160 a UCS-2 (161 units)', a(160) + TH, 'UCS-2', 3],
    ['€ + Thai is UCS-2, € is 1 unit there', '€'.repeat(69) + TH, 'UCS-2', 1],
    ['35 emoji (70 units)', EMOJI.repeat(35), 'UCS-2', 1],
    ['36 emoji (72 units: 33 + 3 emoji)', EMOJI.repeat(36), 'UCS-2', 2],
    ['69 a + emoji (71 units)', a(69) + EMOJI, 'UCS-2', 2],
    ['68 a + emoji (70 units)', a(68) + EMOJI, 'UCS-2', 1],
    // 66 units, then an emoji that would need units 67–68: it starts part 2; one Thai spills to part 3.
    ['66 Thai + emoji + 66 Thai (pair at the 67 boundary)', th(66) + EMOJI + th(66), 'UCS-2', 3],
    ['67 Thai + emoji + 65 Thai (pair starts part 2)', th(67) + EMOJI + th(65), 'UCS-2', 2],
    ['lone high surrogate', '\ud83d', 'UCS-2', 1],
    ['backtick is not GSM-7', '`', 'UCS-2', 1],
    ['á is not GSM-7', 'á', 'UCS-2', 1],
    ['lowercase ç is not in the basic set', 'ç', 'UCS-2', 1],
    ['Greek small δ is not GSM-7', 'δ', 'UCS-2', 1],
    ['OHM SIGN U+2126 is not Greek Ω', '\u2126', 'UCS-2', 1],
    ['INCREMENT U+2206 is not Greek Δ', '\u2206', 'UCS-2', 1],
    ['tab is not GSM-7', '\t', 'UCS-2', 1],
  ])('%s', (_label, text, encoding, parts) => {
    expect(partsOf(text)).toEqual({ encoding, parts });
  });
});
