/**
 * The web inbox in a real browser: headless Chromium (puppeteer-core) on the page that
 * `smsctl sandbox serve` serves at `/`, while the built CLI sends through profiles of all three
 * providers pointing at that server. Everything the page shows must arrive without a reload.
 * A screenshot of the inbox with Thai messages is written to test-artifacts/ (git-ignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser, type StartedBrowser } from '../helpers/browser.js';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

if (skipBrowser) console.warn(`web-inbox.test.ts: ${skipBrowser}`);

const ARTIFACTS = join(ROOT, 'test-artifacts');
const tmp = tempConfigDir();
const stateFile = join(tmp.dir, 'sandbox-state.json');

interface Serve {
  child: ChildProcess;
  url: string;
  out(): string;
}

function serve(args: string[], env: Record<string, string> = {}): Promise<Serve> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'smsctl.js'), 'sandbox', 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', SMSCTL_CONFIG_DIR: tmp.dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      // The whole banner: its last line is "Use it: …".
      const m = /listening on http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (m && /^Use it:/m.test(out)) resolve({ child, url: `http://127.0.0.1:${m[1]}`, out: () => out });
    });
    child.stderr!.resume();
    child.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}: ${out}`)));
  });
}

async function stop(s: Serve): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGINT');
  await exited;
}

const cli = (args: string[]) => runCli(args, { configDir: tmp.dir });

async function sendAs(profile: string, to: string, text: string): Promise<void> {
  const r = await cli(['--profile', profile, 'send', '--to', to, '-m', text, '--yes']);
  expect(r.code, r.stderr).toBe(0);
}

/** The conversation list as the page shows it. */
const listed = (page: Page) =>
  page.$$eval('#conversations li', (lis) =>
    lis.map((li) => ({
      msisdn: li.querySelector('.num')?.textContent ?? '',
      preview: li.querySelector('.preview')?.textContent ?? '',
      unread: (li.querySelector('.unread') as unknown as { hidden: boolean } | null)?.hidden ? 0 : Number(li.querySelector('.unread')?.textContent ?? 0),
    })),
  );

/** The open conversation's messages as the page shows them. */
const bubbles = (page: Page) =>
  page.$$eval('#messages li', (lis) =>
    lis.map((li) => ({
      text: li.querySelector('.text')?.textContent ?? '',
      status: li.querySelector('.status')?.textContent ?? '',
      sender: li.querySelector('.from b')?.textContent ?? '',
      meta: li.querySelector('.meta')?.textContent ?? '',
      otp: li.querySelector('mark.otp')?.textContent ?? null,
      copy: li.querySelector('button.copy') !== null,
    })),
  );

async function open(page: Page, msisdn: string): Promise<void> {
  await waitFor(async () => (await listed(page)).some((c) => c.msisdn === msisdn), { timeoutMs: 15_000, what: `${msisdn} in the conversation list` });
  await page.click(`#conversations li[data-msisdn="${msisdn}"]`);
  await waitFor(async () => (await page.$eval('#thread-head .num', (e) => e.textContent).catch(() => '')) === msisdn, { timeoutMs: 10_000, what: `${msisdn}'s thread` });
}

describe.skipIf(skipBrowser)('web inbox in Chromium', () => {
  let server: Serve;
  let chrome: StartedBrowser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serve(['--port', '0', '--state', stateFile, '--delivery-delay', '2500', '--seed', '11']);
    for (const [name, provider] of [
      ['sep', 'sepsms'],
      ['me', 'mesms'],
      ['tbs', 'thaibulksms'],
    ]) {
      const r = await cli(['profile', 'add', name!, '--provider', provider!, '--sandbox', '--base-url', server.url, '--sender', 'SHOP']);
      expect(r.code, r.stderr).toBe(0);
    }
    chrome = await launchChromium();
    page = await chrome.browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setViewport({ width: 1280, height: 760 });
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    await page.waitForSelector('#live[data-state=live]', { timeout: 15_000 });
    // Set once: still there at the end means the page was never reloaded.
    await page.evaluate(() => ((globalThis as unknown as { loadedOnce: number }).loadedOnce = 1));
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    if (server) await stop(server);
    tmp.cleanup();
  });

  it('serves the page with its own files only, same-origin, and a strict content policy', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // Nothing loaded from anywhere else: every resource the page asked for is this server's.
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    for (const r of resources) expect(new URL(r).origin).toBe(server.url);
  });

  it('shows a message sent through each provider as it arrives, Thai text intact, with encoding, parts and credits', async () => {
    await sendAs('sep', '0812345671', 'สวัสดีครับ ยืนยันการสั่งซื้อ #1001 จาก SEPSMS');
    await sendAs('me', '0812345672', 'ขอบคุณที่ใช้บริการ ME-SMS ค่ะ 🙏');
    await sendAs('tbs', '0812345673', 'Your parcel ships today (ThaiBulkSMS)');
    await waitFor(async () => (await listed(page)).length >= 3, { timeoutMs: 15_000, what: 'three conversations listed' });
    const list = await listed(page);
    expect(list.map((c) => c.msisdn)).toEqual(expect.arrayContaining(['66812345671', '66812345672', '66812345673']));
    expect(list.find((c) => c.msisdn === '66812345672')).toMatchObject({ preview: 'ขอบคุณที่ใช้บริการ ME-SMS ค่ะ 🙏', unread: 1 });

    await open(page, '66812345671');
    const [m] = await bubbles(page);
    expect(m).toMatchObject({ text: 'สวัสดีครับ ยืนยันการสั่งซื้อ #1001 จาก SEPSMS', sender: 'SHOP' });
    expect(m!.meta).toContain('UCS-2 · 1 part · 1 credit');
    // The time is Bangkok's (UTC+7), whatever the browser's own zone.
    const shown = await page.$eval('#messages li time', (t) => ({ text: t.textContent ?? '', at: t.getAttribute('datetime') ?? '' }));
    const bangkok = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Bangkok', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(shown.at));
    expect(shown.text).toContain(bangkok);
    await waitFor(async () => (await listed(page)).find((c) => c.msisdn === '66812345671')?.unread === 0, { timeoutMs: 10_000, what: 'the opened number to be read' });
    const provider = await page.$eval('#messages li .tag', (e) => e.textContent);
    expect(provider).toBe('SEPSMS');
  });

  it('highlights an OTP code with a button that copies it', async () => {
    const r = await cli(['--profile', 'sep', 'otp', 'send', '--to', '0899990001']);
    expect(r.code, r.stderr).toBe(0);
    const inbox = (await (await fetch(`${server.url}/__sandbox/inbox?msisdn=0899990001`)).json()) as { messages: { text: string }[] };
    const code = /(?<!\d)\d{4,8}(?!\d)/.exec(inbox.messages[0]!.text)![0];
    await open(page, '66899990001');
    const [m] = await bubbles(page);
    expect(m).toMatchObject({ otp: code, copy: true });
    await chrome.browser.defaultBrowserContext().overridePermissions(server.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await page.click('#messages li button.copy');
    await waitFor(async () => (await page.$eval('#messages li button.copy', (b) => b.textContent)) === 'Copied', { timeoutMs: 5000, what: 'the copy button to say Copied' });
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(code);
  });

  it('shows a magic number going from pending to failed as the status changes', async () => {
    await sendAs('sep', '0800000001', 'This one fails');
    await open(page, '66800000001');
    await waitFor(async () => (await bubbles(page))[0]?.status === 'pending', { timeoutMs: 10_000, what: 'the message to show pending' });
    await waitFor(async () => (await bubbles(page))[0]?.status === 'failed', { timeoutMs: 15_000, what: 'the status to change to failed without a reload' });
  });

  it('renders message text as text: a <script> message shows its characters and runs nothing', async () => {
    const evil = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <b>bold</b>';
    await sendAs('sep', '0877770001', evil);
    await open(page, '66877770001');
    const [m] = await bubbles(page);
    expect(m!.text).toBe(evil);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // The text holds no elements but the page's own (an OTP mark and its copy button).
    expect(await page.$$('#messages script, #messages img, #conversations script, #conversations img, #messages .text > :not(mark.otp):not(button.copy)')).toHaveLength(0);
  });

  it('searches by number and by text, on the server', async () => {
    await page.click('#search', { count: 3 });
    await page.type('#search', '0812345672');
    await waitFor(async () => {
      const l = await listed(page);
      return l.length === 1 && l[0]!.msisdn === '66812345672';
    }, { timeoutMs: 10_000, what: 'the list to hold only 66812345672' });
    await page.click('#search', { count: 3 });
    await page.keyboard.press('Backspace');
    await page.type('#search', 'ยืนยัน');
    await waitFor(async () => {
      const l = await listed(page);
      return l.length === 1 && l[0]!.msisdn === '66812345671';
    }, { timeoutMs: 10_000, what: 'the Thai text search to find 66812345671 only' });
    await page.click('#search', { count: 3 });
    await page.keyboard.press('Backspace');
    await waitFor(async () => (await listed(page)).length >= 6, { timeoutMs: 10_000, what: 'the whole list back' });
  });

  it('lists sends with their provider reference, recipients and per-status counts', async () => {
    await page.click('#tab-sends');
    await waitFor(async () => (await page.$$('#sends tbody tr')).length >= 6, { timeoutMs: 10_000, what: 'the sends table' });
    const rows = await page.$$eval('#sends tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')));
    const failed = rows.find((r) => r[4] === 'This one fails')!;
    expect(failed[1]).toBe('SEPSMS');
    expect(failed[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(failed[5]).toBe('1');
    expect(failed[8]).toContain('failed 1');
    // No webhook delivery log in this sandbox yet: the section stays hidden (404 → hidden).
    const hook = await fetch(`${server.url}/__sandbox/webhooks/deliveries`);
    expect(await page.$eval('#webhooks', (e) => (e as unknown as { hidden: boolean }).hidden)).toBe(hook.status === 404);
    await page.click('#tab-inbox');
  });

  it('survives the server restarting: reconnects by itself and shows what arrives next', async () => {
    const port = new URL(server.url).port;
    await stop(server);
    await page.waitForSelector('#live[data-state=offline]', { timeout: 10_000 });
    server = await serve(['--port', port, '--state', stateFile, '--delivery-delay', '2500', '--seed', '11']);
    await page.waitForSelector('#live[data-state=live]', { timeout: 15_000 });
    await sendAs('me', '0812345679', 'หลังรีสตาร์ท: ยังเห็นข้อความใหม่');
    await waitFor(async () => (await listed(page)).some((c) => c.msisdn === '66812345679'), { timeoutMs: 15_000, what: 'a message sent after the restart' });
    expect((await listed(page)).some((c) => c.msisdn === '66812345671')).toBe(true); // kept by --state
  });

  it('writes a screenshot of the inbox with Thai messages (test-artifacts/web-inbox.png)', async () => {
    await open(page, '66812345671');
    await sendAs('sep', '0812345671', 'รหัส OTP ของคุณคือ 482913 ใช้ได้ภายใน 5 นาที');
    await waitFor(async () => (await bubbles(page)).length === 2 && (await bubbles(page))[1]!.status === 'delivered', { timeoutMs: 15_000, what: 'the second Thai message delivered' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-inbox.png') });
  });

  it('resets the sandbox only after a confirmation', async () => {
    await page.click('#reset');
    await page.waitForSelector('#confirm-reset[open]');
    await page.click('#confirm-reset-no');
    expect((await listed(page)).length).toBeGreaterThan(0);
    await page.click('#reset');
    await page.waitForSelector('#confirm-reset[open]');
    await page.click('#confirm-reset-yes');
    await waitFor(async () => (await listed(page)).length === 0, { timeoutMs: 10_000, what: 'the list to empty after the reset' });
    expect(await page.$eval('#conv-count', (e) => e.textContent)).toContain('No messages yet');
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: number }).loadedOnce)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('on a wide bind needs the admin token: asks for it, and takes it from the #token= fragment', async () => {
    const token = 'sbx_web_inbox_test_token_0123456789';
    const wide = await serve(['--host', '0.0.0.0', '--port', '0'], { SMSCTL_SANDBOX_TOKEN: token });
    try {
      expect(wide.out()).toMatch(/Admin token {2}sbx_web_inbox_test_token_0123456789/);
      const info = { baseUrl: `${wide.url}/sepsms/api/v2` };
      const sent = await fetch(`${info.baseUrl}/message/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk_sep_sandbox_0000000000000000' },
        body: JSON.stringify({ origin: 'WIDE', message: 'needs the token', recipients: ['66812340000'] }),
      });
      expect(sent.status).toBeLessThan(300);
      expect((await fetch(`${wide.url}/__sandbox/conversations`)).status).toBe(401);

      const p = await chrome.browser.newPage();
      await p.goto(`${wide.url}/`);
      await p.waitForSelector('#token-dialog[open]', { timeout: 10_000 });
      expect(await listed(p)).toEqual([]);
      await p.goto(`${wide.url}/#token=${token}`);
      await p.reload(); // a fresh load with the fragment (goto to the same page only changed its hash)
      await waitFor(async () => (await listed(p)).some((c) => c.msisdn === '66812340000'), { timeoutMs: 15_000, what: 'the list with the token' });
      // Taken out of the address bar, so it is not shared by copying the address.
      expect(await p.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('');
      await p.close();
    } finally {
      await stop(wide);
    }
  });
});
