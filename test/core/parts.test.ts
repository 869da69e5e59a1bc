import { describe, expect, it } from 'vitest';
import { countParts } from '../../src/core/parts.js';

const THAI = 'ก';
const EMOJI = '😀'; // one character, two UTF-16 code units

describe('countParts', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['1 GSM char', 'a', 'GSM-7', 1, 1],
    ['160 GSM chars', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM chars', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 GSM chars', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 GSM chars', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['80 × € (extended, 2 each)', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 × { (extended, 2 each)', '{'.repeat(81), 'GSM-7', 162, 2],
    ['159 plain + ^', 'a'.repeat(159) + '^', 'GSM-7', 161, 2],
    // 306 septets would fit in 2 parts, but the escape pair may not straddle parts 1 and 2.
    ['152 plain + [ + 152 plain', 'a'.repeat(152) + '[' + 'a'.repeat(152), 'GSM-7', 306, 3],
    ['70 Thai', THAI.repeat(70), 'UCS-2', 70, 1],
    ['71 Thai', THAI.repeat(71), 'UCS-2', 71, 2],
    ['134 Thai', THAI.repeat(134), 'UCS-2', 134, 2],
    ['135 Thai', THAI.repeat(135), 'UCS-2', 135, 3],
    ['one Thai char makes ASCII UCS-2', 'a'.repeat(69) + THAI, 'UCS-2', 70, 1],
    ['one emoji makes ASCII UCS-2', 'a'.repeat(69) + EMOJI, 'UCS-2', 71, 2],
    ['35 emoji = 70 units', EMOJI.repeat(35), 'UCS-2', 70, 1],
    // 66 units then an emoji: it does not fit in 67, so it starts part 2.
    ['66 Thai + emoji + 66 Thai', THAI.repeat(66) + EMOJI + THAI.repeat(66), 'UCS-2', 134, 3],
  ])('%s', (_label, text, encoding, units, parts) => {
    expect(countParts(text)).toEqual({ encoding, units, parts });
  });
});
