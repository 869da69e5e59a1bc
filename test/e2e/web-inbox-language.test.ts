/**
 * The web inbox in the reader's language, over plain HTTP (the browser test, web-inbox.test.ts,
 * runs the page in Chromium): ?lang= first, then Accept-Language, then the language
 * `sandbox serve` / `sandbox open` was started in. Only the page changes: its JSON API answers
 * the same in every language.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { tempConfigDir } from '../helpers/cli.js';
import { runCli } from '../../src/cli/run.js';
import { fakeContext, run } from '../helpers/context.js';
import { waitFor } from '../helpers/wait.js';

const THAI = /[\u0E00-\u0E7F]/;

async function page(base: string, query = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/${query}`, { headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

function expectThai(p: Awaited<ReturnType<typeof page>>): void {
  expect(p.status).toBe(200);
  expect(p.body).toContain('<html lang="th">');
  expect(p.body).toContain('<title>กล่องข้อความแซนด์บ็อกซ์ smsctl</title>');
  expect(p.body).toContain('aria-pressed="true">กล่องข้อความ</button>');
  expect(p.body).toContain('<th>ส่งเมื่อ (เวลากรุงเทพฯ)</th>');
  expect(p.body).toContain('placeholder="ค้นหาเบอร์หรือข้อความ"');
  expect(p.headers.get('content-language')).toBe('th');
}

function expectEnglish(p: Awaited<ReturnType<typeof page>>): void {
  expect(p.status).toBe(200);
  expect(p.body).toContain('<html lang="en">');
  expect(p.body).toContain('<title>smsctl sandbox inbox</title>');
  expect(p.body).toContain('aria-pressed="true">Inbox</button>');
  expect(p.body).toContain('<th>Sent (Bangkok)</th>');
  expect(p.body).not.toMatch(THAI);
  expect(p.headers.get('content-language')).toBe('en');
}

describe('the web inbox page language', () => {
  let english: RunningSandbox;
  let thai: RunningSandbox;
  beforeAll(async () => {
    english = await startSandbox({ port: 0 });
    thai = await startSandbox({ port: 0, language: 'th' });
  });
  afterAll(async () => {
    await english.close();
    await thai.close();
  });

  it.each([
    ['?lang=th', {}],
    ['?lang=TH', { 'accept-language': 'en-US,en;q=0.9' }],
    ['', { 'accept-language': 'th' }],
    ['', { 'accept-language': 'th-TH,th;q=0.9,en-US;q=0.8,en;q=0.7' }],
    ['', { 'accept-language': 'fr-FR,fr;q=0.9,th;q=0.8,en;q=0.5' }],
  ])('%s with %j is Thai', async (query, headers) => {
    expectThai(await page(english.url, query, headers));
  });

  it.each([
    ['', {}],
    ['?lang=en', { 'accept-language': 'th' }],
    ['', { 'accept-language': 'en-US,en;q=0.9,th;q=0.8' }],
    ['', { 'accept-language': 'th;q=0.3,en;q=0.9' }],
    ['', { 'accept-language': 'fr-FR,fr;q=0.9' }],
    ['?lang=de', {}],
  ])('%s with %j is English (sandbox started in English)', async (query, headers) => {
    expectEnglish(await page(english.url, query, headers));
  });

  it('a sandbox started in Thai shows Thai to a browser that names neither language, English to one that asks for it', async () => {
    expectThai(await page(thai.url));
    expectThai(await page(thai.url, '', { 'accept-language': 'ja-JP,ja;q=0.9' }));
    expectEnglish(await page(thai.url, '', { 'accept-language': 'en-GB,en;q=0.9' }));
    expectEnglish(await page(thai.url, '?lang=en'));
  });

  it('tells caches the page varies with Accept-Language', async () => {
    expect((await page(english.url)).headers.get('vary')).toBe('Accept-Language');
  });

  it('the JSON API and the script are the same in every language', async () => {
    const sep = english.info.providers.sepsms;
    const sent = await fetch(`${sep.baseUrl}/message/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': sep.apiKey },
      body: JSON.stringify({ origin: 'SHOP', message: 'สวัสดี', recipients: ['66812345678'] }),
    });
    expect(sent.status).toBeLessThan(300);
    for (const path of ['/__sandbox/conversations', '/__sandbox/sends', '/__sandbox/inbox?msisdn=0812345678', '/__inbox/app.js']) {
      const plain = await (await fetch(`${english.url}${path}`)).text();
      const thaiAsked = await (await fetch(`${english.url}${path}${path.includes('?') ? '&' : '?'}lang=th`, { headers: { 'accept-language': 'th' } })).text();
      expect(thaiAsked, path).toBe(plain);
    }
  });
});

describe('sandbox serve and sandbox open start the web inbox in their own language', () => {
  const tmp = tempConfigDir();
  afterAll(() => tmp.cleanup());

  it('sandbox serve --lang th: a Thai banner, and a Thai page for a browser that names neither language', async () => {
    const stop = new AbortController();
    const io = fakeContext({ configDir: tmp.dir, signal: stop.signal });
    const running = runCli(['--lang', 'th', 'sandbox', 'serve', '--port', '0'], io.ctx);
    // The banner's last line is "วิธีใช้: …"; its first, the address, is the same in every language.
    const url = await waitFor(() => io.stdout().includes('วิธีใช้:') && /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.stdout())?.[1], {
      timeoutMs: 15_000,
      what: 'the sandbox serve banner',
    });
    expectThai(await page(url));
    expectEnglish(await page(url, '', { 'accept-language': 'en' }));
    stop.abort();
    expect(await running).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/^smsctl sandbox listening on http:\/\/127\.0\.0\.1:\d+ {2}\(info: /);
    expect(out).toContain(`  กล่องข้อความบนเว็บ  ${url}/`);
    expect(out).toContain(`วิธีใช้: smsctl profile add local --provider sepsms --sandbox --base-url ${url}`);
    expect(out).toContain('กลุ่มรายชื่อของ ME-SMS: 1 customers (250 เบอร์), 2 staff (3 เบอร์), 10 everyone (100,000 เบอร์)');
    expect(io.stderr()).toContain('หยุดแซนด์บ็อกซ์แล้ว');
  });

  it('sandbox open --lang th, starting a sandbox: the page it prints is Thai', async () => {
    const port = await freePort();
    const stop = new AbortController();
    const running = run(['--lang', 'th', 'sandbox', 'open', '--port', String(port)], { configDir: tmp.dir, signal: stop.signal });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/__sandbox/info`).then((r) => r.status).catch(() => 0)) === 200, { timeoutMs: 15_000, what: 'sandbox open' });
    expectThai(await page(url));
    stop.abort();
    const r = await running;
    expect(r.stdout).toBe(`${url}/\n`);
    expect(r.stderr).toContain('เปิดแซนด์บ็อกซ์สำหรับกล่องข้อความบนเว็บแล้ว กด Ctrl-C เพื่อหยุด');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
