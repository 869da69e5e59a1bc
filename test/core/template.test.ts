import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertNoPlaceholders, hashText, parseTemplate, resolvePlaceholders } from '../../src/core/template.js';

describe('parseTemplate', () => {
  it.each([
    ['no placeholders', 'สวัสดีครับ', [], {}, 'สวัสดีครับ'],
    ['one placeholder', 'Hi {{name}}!', ['name'], { name: 'Ann' }, 'Hi Ann!'],
    ['inner spaces', 'Hi {{  name }}!', ['name'], { name: 'Ann' }, 'Hi Ann!'],
    ['Thai text and column', 'สวัสดีคุณ{{ชื่อ}} ค่ะ', ['ชื่อ'], { ชื่อ: 'สมหญิง' }, 'สวัสดีคุณสมหญิง ค่ะ'],
    ['repeated placeholder listed once', '{{a}}-{{b}}-{{a}}', ['a', 'b'], { a: '1', b: '2' }, '1-2-1'],
    ['adjacent placeholders', '{{a}}{{b}}', ['a', 'b'], { a: 'x', b: 'y' }, 'xy'],
    ['missing value renders empty', 'Hi {{name}}.', ['name'], {}, 'Hi .'],
    ['no Object.prototype leak', '[{{constructor}}]', ['constructor'], {}, '[]'],
    ['values are not re-expanded', '{{a}}', ['a'], { a: '{{b}}', b: 'no' }, '{{b}}'],
    ['single braces are literal', 'price {100}', [], {}, 'price {100}'],
  ])('%s', (_label, source, placeholders, values, rendered) => {
    const t = parseTemplate(source);
    expect(t.placeholders).toEqual(placeholders);
    expect(t.render(values as Record<string, string>)).toBe(rendered);
  });

  it.each([
    ['{{name}', /unmatched/],
    ['Hi {{name}} and {{branch', /unmatched/],
    ['Hi name}}', /unmatched/],
    ['Hi {{}}', /empty placeholder/],
    ['Hi {{  }}', /empty placeholder/],
  ])('rejects %j', (source, message) => {
    expect(() => parseTemplate(source)).toThrow(expect.objectContaining({ kind: 'invalid', message: expect.stringMatching(message) }));
  });
});

describe('resolvePlaceholders', () => {
  const headers = ['Name', 'branch', ' points '];

  it('binds placeholders to columns exactly, then ignoring case and spaces', () => {
    const t = resolvePlaceholders(parseTemplate('{{name}} @ {{branch}}: {{POINTS}} / {{Name}}'), headers);
    expect(t.placeholders).toEqual(['Name', 'branch', ' points ']);
    expect(t.render({ Name: 'สมชาย', branch: 'สยาม', ' points ': '120' })).toBe('สมชาย @ สยาม: 120 / สมชาย');
  });

  it('prefers the exact column when two differ only by case', () => {
    const t = resolvePlaceholders(parseTemplate('{{name}}'), ['Name', 'name']);
    expect(t.render({ Name: 'wrong', name: 'right' })).toBe('right');
  });

  it('names every unknown placeholder and lists the columns', () => {
    expect(() => resolvePlaceholders(parseTemplate('{{nmae}} {{branch}} {{pts}}'), headers)).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'TEMPLATE_UNKNOWN_PLACEHOLDER',
        message: 'the message uses {{nmae}}, {{pts}} but the CSV has no such column; columns: "Name", "branch", " points "',
      }),
    );
  });

  it('the fixture message resolves against the contacts fixture header', () => {
    const t = resolvePlaceholders(
      parseTemplate('สวัสดีคุณ{{name}} สะสมแต้มที่สาขา{{branch}} ครบ {{points}} แต้มแล้ว'),
      ['name', 'phone', 'branch', 'points'],
    );
    expect(t.render({ name: 'สมชาย', phone: '0812345678', branch: 'สยาม', points: '120' })).toBe(
      'สวัสดีคุณสมชาย สะสมแต้มที่สาขาสยาม ครบ 120 แต้มแล้ว',
    );
  });
});

describe('assertNoPlaceholders', () => {
  it('passes a plain message', () => {
    expect(() => assertNoPlaceholders(parseTemplate('Hello'), 'x')).not.toThrow();
  });

  it('rejects placeholders, naming them and the reason', () => {
    expect(() => assertNoPlaceholders(parseTemplate('Hi {{name}} {{ code }}'), 'numbers given with --to have no columns; use --csv')).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'TEMPLATE_NEEDS_CSV',
        message: 'the message uses {{name}}, {{code}} but numbers given with --to have no columns; use --csv',
      }),
    );
  });
});

describe('renderValues and hashValues', () => {
  it('render as render() does, values in placeholder order, a placeholder used twice filled twice', () => {
    const t = parseTemplate('{{b}} and {{a}}, {{b}}!');
    expect(t.placeholders).toEqual(['b', 'a']);
    expect(t.renderValues(['B', 'A'])).toBe('B and A, B!');
    expect(t.renderValues(['B', 'A'])).toBe(t.render({ a: 'A', b: 'B' }));
    expect(parseTemplate('สวัสดี').renderValues([])).toBe('สวัสดี');
  });

  it('the hash is the hash of the text, however the values split it', () => {
    const piece = (...units: string[]) => fc.array(fc.constantFrom(...units), { maxLength: 6 }).map((p) => p.join(''));
    const value = piece('a', 'ก', ' ', '😀', '{', '}', '');
    fc.assert(
      fc.property(piece('a', 'ก', ' ', '😀', ''), value, value, value, (lit, x, y, z) => {
        const t = parseTemplate(`${lit}{{a}}-{{b}}${lit}`);
        const text = t.renderValues([x + y, z]);
        expect(t.hashValues([x + y, z])).toBe(hashText(text));
        // Another split of the same text: same hash.
        const u = parseTemplate(`${lit}{{a}}{{b}}-{{c}}${lit}`);
        expect(u.hashValues([x, y, z])).toBe(hashText(u.renderValues([x, y, z])));
        expect(u.renderValues([x, y, z])).toBe(text);
      }),
    );
  });

  it('blankLiterals: whether the text around the placeholders is only whitespace', () => {
    expect(parseTemplate(' {{a}}\t{{b}} ').blankLiterals).toBe(true);
    expect(parseTemplate('Hi {{a}}').blankLiterals).toBe(false);
  });
});
