/**
 * The sandbox's emulation of the send options smsctl offers: ThaiBulkSMS tag and credit-type
 * errors, ME-SMS saved templates, SEPSMS per-recipient `variables` (the shape README gives as
 * this project's assumption). Raw HTTP, no client code.
 */
import { describe, expect, test } from 'vitest';
import { api, sandbox } from './helpers.js';

const form = (extra: Record<string, string> = {}) => ({ msisdn: '0812345678', message: 'Hello', sender: 'Demo', ...extra });

describe('ThaiBulkSMS options', () => {
  test.each([
    ['a tag over 50 characters', { tag: 'x'.repeat(51) }, 400, 'ERROR_TAGS_EXCEEDED_LENGTH'],
    ['a tag with a comma', { tag: 'a,b' }, 400, 'ERROR_TAGS'],
    ['another spelling of a seeded tag', { tag: 'NewsLetter' }, 400, 'ERROR_TAGS_EXIST'],
    ['an unknown credit type', { force: 'gold' }, 400, 'ERROR_FORCE'],
    ['a sender the account lacks', { sender: 'UNKNOWN' }, 400, 'ERROR_SENDER_NOT_FOUND'],
    ['a trial account', { msisdn: '0800000006' }, 403, 'ERROR_USER_TRIAL'],
  ])('%s → %i %s', async (_name, extra, status, name) => {
    const a = api(await sandbox());
    const r = await a.tbsForm('/sms', form(extra));
    expect(r.status).toBe(status);
    expect(r.body.error.name).toBe(name);
  });

  test('the seeded tag as spelled, shorten_url and force are accepted; force charges that credit type', async () => {
    const s = await sandbox();
    const a = api(s);
    expect((await a.tbsForm('/sms', form({ tag: 'newsletter', shorten_url: 'true', force: 'standard' }))).status).toBe(201);
    const corporate = await a.tbsForm('/sms', form({ force: 'corporate' }));
    expect(corporate.body.error.name).toBe('ERROR_INSUFFICIENT_CREDIT');
  });
});

describe('ME-SMS saved templates', () => {
  test('templateId + variables are filled; a missing variable or content beside a template is a 400', async () => {
    const a = api(await sandbox());
    const ok = await a.me('/sms/send', { method: 'POST', json: { sender: 'SMSCTL', msisdns: ['0812345678'], templateId: 2, variables: { name: 'Toon', order: 'A1' } } });
    expect(ok.status).toBe(200);
    const missing = await a.me('/sms/send', { method: 'POST', json: { sender: 'SMSCTL', msisdns: ['0812345678'], templateId: 2, variables: { name: 'Toon' } } });
    expect([missing.status, missing.body.code]).toEqual([400, 'TEMPLATE_VARIABLE_MISSING']);
    const both = await a.me('/sms/send', { method: 'POST', json: { sender: 'SMSCTL', msisdns: ['0812345678'], templateId: 3, content: 'x' } });
    expect(both.status).toBe(400);
    const preview = await a.me('/sms/preview-cost', { method: 'POST', json: { templateId: 3, contactGroupId: 2 } });
    expect(preview.body.result).toMatchObject({ totalMsisdn: 3, parts: 1, totalCredit: 3 });
  });
});

describe('SEPSMS per-recipient variables', () => {
  test('each recipient gets its own text; a recipient or a value left out is a 400, nothing charged', async () => {
    const s = await sandbox();
    const a = api(s);
    const balance = async () => (await a.sep('/message/credit/balance')).body.result.balance as number;
    const before = await balance();
    const body = { origin: 'SMSCTL', message: 'Hi {{name}}', recipients: ['66812345678', '0898765432'] };
    const sent = await a.sep('/message/send', { method: 'POST', json: { ...body, variables: { '66812345678': { name: 'Somchai' }, '0898765432': { name: 'Malee' } } } });
    expect(sent.status).toBe(200);
    expect(sent.body.result).toMatchObject({ totalMsisdn: 2, totalCredit: 2 });
    expect(await balance()).toBe(before - 2);
    const noEntry = await a.sep('/message/send', { method: 'POST', json: { ...body, variables: { '66812345678': { name: 'Somchai' } } } });
    expect(noEntry.status).toBe(400);
    expect(noEntry.body.error.message).toMatch(/no entry for recipient 0898765432/);
    const noValue = await a.sep('/message/send', { method: 'POST', json: { ...body, variables: { '66812345678': { name: 'Somchai' }, '66898765432': {} } } });
    expect(noValue.body.error.message).toMatch(/no value for \{\{name\}\}/);
    expect(await balance()).toBe(before - 2);
  });
});
