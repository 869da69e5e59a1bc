import { describe, expect, it } from 'vitest';
import { etaText } from '../../src/ui/progress.js';

describe('the time left on the progress bar', () => {
  it.each([
    [0, '0 s'],
    [44.6, '45 s'],
    [59.6, '1 min 00 s'],
    [119.5, '2 min 00 s'],
    [185, '3 min 05 s'],
    [3599.6, '1 h 00 min'],
    [3720, '1 h 02 min'],
  ])('%d s → %s', (seconds, text) => expect(etaText(seconds)).toBe(text));
});
