/**
 * smsctl's words about a provider's failures, in Thai (issue 16): the sentence is Thai, the
 * provider's own text is quoted as it sent it, and everything a script reads (kind and so the
 * exit code, code, status, providerCode, providerMessage) is the same as in English.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../src/i18n/index.js';
import type { SmsctlError } from '../../src/errors.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { catchError, makeProvider } from './fixtures.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});
afterAll(() => useLanguage('en'));

/** The same failure in English and in Thai. */
async function bothLanguages(fail: () => Promise<unknown>, answer: () => void): Promise<{ en: SmsctlError; th: SmsctlError }> {
  await useLanguage('en');
  answer();
  const en = await catchError(fail());
  await useLanguage('th');
  answer();
  const th = await catchError(fail());
  return { en, th };
}

const contract = (e: SmsctlError) => ({ ...e.toJSON(), message: undefined, exitCode: e.exitCode, kind: e.kind });

describe('provider failures in Thai', () => {
  it('a 401: Thai sentence and hint, the provider message verbatim, the same code and exit code', async () => {
    const { provider } = makeProvider('sepsms', server.url);
    const { en, th } = await bothLanguages(
      () => provider.balance(),
      () => server.reply({ status: 401, body: { success: false, error: { code: 'auth.invalid_credentials', message: 'API key is missing or invalid' } } }),
    );
    expect(en.message).toMatch(/^SEPSMS did not accept the credentials/);
    expect(th.message).toBe(
      'SEPSMS ไม่ยอมรับข้อมูลยืนยันตัวตน (HTTP 401 auth.invalid_credentials): "API key is missing or invalid" — ตรวจ API key ของโปรไฟล์ (sk_sep_…) (คีย์มาจาก SMSCTL_API_KEY / SMSCTL_API_SECRET)',
    );
    expect(th.providerMessage).toBe('API key is missing or invalid');
    expect(contract(th)).toEqual(contract(en));
    expect(th.exitCode).toBe(4);
  });

  it("a ThaiBulkSMS error from its table: the explanation in Thai, ThaiBulkSMS's description as it sent it", async () => {
    const { provider } = makeProvider('thaibulksms', server.url);
    const send = () => provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' }, sender: 'NOBODY' });
    const { en, th } = await bothLanguages(send, () =>
      server.reply({ status: 400, body: { error: { code: 111, name: 'ERROR_SENDER_NOT_FOUND', description: 'Sender not found.' } } }),
    );
    expect(en.message).toContain('the sender name is not registered on this account');
    expect(th.message).toBe(
      'ThaiBulkSMS: ชื่อผู้ส่งนี้ยังไม่ได้ลงทะเบียนในบัญชี: ขอใช้ได้ในแดชบอร์ด ThaiBulkSMS (Sender Name) หรือส่งด้วย --sender ชื่ออื่น (HTTP 400 ERROR_SENDER_NOT_FOUND): "Sender not found."',
    );
    expect(contract(th)).toEqual(contract(en));
  });

  it('a 429 with retries: the retry waits in the log and the final sentence in Thai', async () => {
    const { provider, log } = makeProvider('sepsms', server.url, { http: { maxAttempts: 2 } });
    const limited = { status: 429, headers: { 'retry-after': '3' }, body: { success: false, error: { code: 'rate_limited', message: 'Slow down' } } };
    const { en, th } = await bothLanguages(
      () => provider.balance(),
      () => server.reply(limited, limited),
    );
    expect(log.filter((l) => l.includes('(HTTP 429'))).toEqual(['  retrying in 3 s (HTTP 429, attempt 2 of 2)', '  จะลองใหม่ในอีก 3 วินาที (HTTP 429 ครั้งที่ 2 จาก 2)']);
    expect(th.message).toBe('SEPSMS กำลังจำกัดอัตราคำขอ (HTTP 429 rate_limited): "Slow down" — ลอง 2 ครั้งแล้วไม่สำเร็จ ลองใหม่ในอีก 3 วินาที');
    expect(contract(th)).toEqual(contract(en));
  });

  it('nobody listening: "could not reach" in Thai, nothing sent', async () => {
    const closed = server.url;
    await server.close();
    server = await startTestServer();
    const { provider } = makeProvider('mesms', closed, { http: { maxAttempts: 1 } });
    const { en, th } = await bothLanguages(
      () => provider.balance(),
      () => {},
    );
    const host = new URL(closed).host;
    expect(th.message).toBe(`ติดต่อ ME-SMS ที่ ${host} ไม่ได้ (ECONNREFUSED: การเชื่อมต่อถูกปฏิเสธ) ยังไม่ได้ส่งอะไรออกไป`);
    expect(contract(th)).toEqual(contract(en));
  });
});
