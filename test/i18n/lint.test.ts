/**
 * No user-facing sentence is written in code (issue 16): every human-facing line comes from the
 * catalogue (src/i18n/en, src/i18n/th), so none is left in English when smsctl speaks Thai.
 *
 * A string or template literal in src/ is prose when it holds Thai letters or two words in a
 * row ("not found", "rows have"). Prose is allowed only
 * - in the catalogues themselves (src/i18n/),
 * - in the emulated providers (src/sandbox/, but not its web inbox): their answers are the
 *   providers' own API wording, which scripts and the client match as the real ones would,
 * - on a line marked `i18n-ignore: <why>` (or the line after such a comment): text that is
 *   not for a person at the terminal — an HTTP header, a shell script generated for
 *   completion, a tool description written for an AI agent, a provider request field,
 * - in a file marked `i18n-ignore-file: <why>` in its first comment.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { SRC, isProse, offenders, sourceFiles } from './scan.js';

describe('i18n lint: user-facing text lives in the catalogue', () => {
  const found = offenders();

  it.each([
    ['not found', true],
    ['rows have an empty', true],
    ['\u0000 rows have', true],
    ['ส่งแล้ว', true],
    ['SMSCTL_API_KEY', false],
    ['--max-failures <n>', false],
    ['send.summary.title', false],
    ['application/json', false],
    ['Bearer \u0000', false],
  ])('%j is prose: %s', (text, prose) => {
    expect(isProse(text)).toBe(prose);
  });

  it('finds no sentence written in code', () => {
    const stray = [...found].flatMap(([, lines]) => lines);
    expect(stray, 'move these to src/i18n/en/<area>.ts and src/i18n/th/<area>.ts, or mark them i18n-ignore: <why>').toEqual([]);
  });

  it('scans the whole of src/', () => {
    expect(sourceFiles().length).toBeGreaterThan(100);
    expect(sourceFiles().every((f) => f.startsWith(SRC))).toBe(true);
    expect(join(ROOT, 'src')).toBe(SRC);
  });
});
