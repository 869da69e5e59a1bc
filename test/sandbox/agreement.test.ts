/**
 * The sandbox and the client judge numbers and count parts with separately written code. Fed the
 * same generated inputs, they must agree wherever the providers' rules leave no choice; the few
 * places they legitimately differ are spelled out here, so any other disagreement is a bug in one
 * of them (the property test prints the smallest input that shows it).
 */
import fc from 'fast-check';
import parsePhoneNumber from 'libphonenumber-js/max';
import { describe, expect, test } from 'vitest';
import { countParts } from '../../src/core/parts.js';
import { normalizePhone } from '../../src/core/phone.js';
import { parseNumber } from '../../src/sandbox/numbers.js';
import { partsOf } from '../../src/sandbox/parts.js';

const RUNS = { numRuns: 3000 };

describe('parts: sandbox partsOf vs client countParts', () => {
  // Characters from every class the rules treat differently: default alphabet, extension table
  // (two septets), look-alikes outside GSM-7, Thai (UCS-2, one unit), emoji (two units), lone surrogates.
  const char = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'aZ09 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà') },
    { weight: 2, arbitrary: fc.constantFrom(...'^{}\\[]~|€\f') },
    { weight: 1, arbitrary: fc.constantFrom('`', 'á', 'ç', 'δ', '\t', '\u2126', '\u2206', 'ก', 'ส', 'ั', '😀', '👍🏽', '\ud83d', '\ude00') },
  );
  const text = (maxLength: number) => fc.array(char, { minLength: 1, maxLength }).map((cs) => cs.join(''));

  test('agree on encoding and parts for every non-empty text (lengths around every part boundary)', () => {
    fc.assert(
      fc.property(fc.oneof(text(40), text(200), text(480)), (t) => {
        const client = countParts(t);
        expect(partsOf(t)).toEqual({ encoding: client.encoding, parts: client.parts });
      }),
      RUNS,
    );
  });

  test('differ only on empty text: the client counts no part, the sandbox charges one (the provider still sends an SMS)', () => {
    expect(countParts('').parts).toBe(0);
    expect(partsOf('').parts).toBe(1);
  });
});

describe('numbers: sandbox parseNumber vs client normalizePhone', () => {
  const nsn = fc.oneof(
    // Mostly in and around the mobile ranges, so both verdicts are well represented.
    fc.tuple(fc.constantFrom('6', '8', '9', '14', '60', '67', '671', '672', '673', '68'), fc.stringMatching(/^\d{8}$/)).map(([p, rest]) => (p + rest).slice(0, 9)),
    fc.stringMatching(/^\d{9}$/),
  );
  const strict = fc.tuple(fc.constantFrom('0', '66', '+66'), nsn).map(([prefix, n]) => prefix + n);

  test('agree on every number written as the providers accept it (0…, 66…, +66…): same verdict, same number', () => {
    fc.assert(
      fc.property(strict, (raw) => {
        const client = normalizePhone(raw);
        const sandbox = parseNumber(raw, true);
        if (client.ok) expect(sandbox).toBe(Number(client.msisdn.slice(2)));
        else expect(typeof sandbox).toBe('string');
      }),
      RUNS,
    );
  });

  test('differ where the client is lenient by design: it cleans up what people type, the provider does not', () => {
    // The client turns these into 66812345678 before sending; sent as typed, a provider refuses them.
    for (const raw of ['081-234-5678', '081 234 5678', '(081) 2345678', '812345678', '0066812345678', '+660812345678']) {
      expect(normalizePhone(raw)).toMatchObject({ ok: true, msisdn: '66812345678' });
      expect(typeof parseNumber(raw, true)).toBe('string');
    }
    // ME-SMS and SEPSMS take 0… and 66… only; ThaiBulkSMS also +66….
    expect(typeof parseNumber('+66812345678', false)).toBe('string');
  });

  test("the sandbox's mobile ranges are libphonenumber-js's Thai MOBILE type, for every 4-digit prefix", () => {
    const wrong: string[] = [];
    for (let p = 1000; p <= 9999; p++) {
      for (const suffix of ['00000', '55555', '99999']) {
        const n = `${p}${suffix}`;
        const lib = parsePhoneNumber(`+66${n}`)?.getType() === 'MOBILE';
        const sandbox = typeof parseNumber(`0${n}`, false) === 'number';
        if (lib !== sandbox) wrong.push(`0${n}: libphonenumber ${lib ? 'mobile' : 'not mobile'}, sandbox ${sandbox ? 'mobile' : 'not mobile'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
