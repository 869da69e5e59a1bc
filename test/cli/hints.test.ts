/**
 * Every command the tool tells a user to run next works when followed as printed: the
 * hint is taken from stderr and run as it is (only a placeholder like CODE is filled in).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/context.js';
import { ROOT } from '../helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-hints-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => run(args, { configDir: dir, env });

/** The `smsctl …` commands printed after "label: " on stderr, split like a shell would (no quotes in hints). */
function hints(stderr: string, label: RegExp): string[][] {
  const out: string[][] = [];
  for (const line of stderr.split('\n')) {
    const m = label.exec(line);
    if (!m) continue;
    const cmd = /smsctl ((?:[^\s—;]+ ?)+)/.exec(line.slice(m.index + m[0].length));
    if (cmd) out.push(cmd[1]!.trim().replace(/\.$/, '').split(/\s+/));
  }
  return out;
}

describe('printed hints work when followed', () => {
  it('after a send: the delivery status hint', async () => {
    const sent = await cli(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hello', '--yes']);
    expect(sent.code).toBe(0);
    const [status] = hints(sent.stderr, /Delivery status: /);
    expect(status).toBeDefined();
    expect((await cli(status!)).code).toBe(0);
  });

  it('after a send stopped halfway: the resume hint, followed as printed, sends the rest', async () => {
    const { startTestServer } = await import('../helpers/http-server.js');
    const server = await startTestServer();
    try {
      let refuse = true;
      server.route({ method: 'GET', path: '/credit' }, () => ({ body: { remaining_credit: 10000 } }));
      server.route({ method: 'POST', path: '/sms' }, (req, nth) => {
        const numbers = String(new URLSearchParams(req.body).get('msisdn')).split(',');
        // The second request meets an expired key; the key is fixed before the resume.
        if (nth === 2 && refuse) return { status: 401, body: { error: { code: 401, name: 'ERROR_AUTHENTICATION_FAILED', description: 'bad key' } } };
        return { status: 201, body: { remaining_credit: 9000, total_use_credit: numbers.length, credit_type: 'standard', phone_number_list: numbers.map((n, i) => ({ number: n, message_id: `m${i}`, used_credit: 1 })), bad_phone_number_list: [] } };
      });
      const env = { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_BASE_URL: server.url, SMSCTL_API_KEY: 'tbs_key_hints0000000000', SMSCTL_API_SECRET: 'tbs_secret_hints000000000' };
      const to = Array.from({ length: 600 }, (_, i) => `089${String(1000000 + i)}`).join(',');
      const first = await cli(['send', '--to', to, '-m', 'promo', '--concurrency', '1', '--yes'], env);
      expect(first.code).toBe(8);
      const [resume] = hints(first.stderr, /Resume it with: /);
      expect(resume).toEqual(expect.arrayContaining(['send', '--resume', '--yes']));
      refuse = false;
      const second = await cli(resume!, env);
      expect(second.code).toBe(0);
      expect(second.stderr).toMatch(/is complete/);
    } finally {
      await server.close();
    }
  });

  it('a send stopped before its first request suggests neither a resume nor a status', async () => {
    const stop = new AbortController();
    stop.abort('SIGINT');
    // Stopped before its first request: nothing sent, and nothing to resume, so no hint…
    const none = await run(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hello', '--yes'], { configDir: dir, signal: stop.signal });
    expect(none.code).toBe(130);
    expect(hints(none.stderr, /resume|Continue/i)).toEqual([]);
    // …and no delivery-status hint for a send that sent nothing.
    expect(none.stderr).not.toMatch(/Delivery status/);
  });

  it('after otp send: the verify hint, with the code the phone received, verifies — and keeps --profile', async () => {
    expect((await cli(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox'])).code).toBe(0);
    expect((await cli(['profile', 'add', 'other', '--provider', 'sepsms', '--sandbox', '--default'])).code).toBe(0);
    const sent = await cli(['--profile', 'dev', 'otp', 'send', '--to', '0812345678']);
    expect(sent.code).toBe(0);
    const [verify] = hints(sent.stderr, /Verify: /);
    expect(verify!.slice(0, 2)).toEqual(['--profile', 'dev']);
    const inbox = JSON.parse((await cli(['sandbox', 'inbox', '--msisdn', '0812345678', '--json'])).stdout) as { messages: { text: string }[] };
    const code = /\b(\d{4,8})\b/.exec(inbox.messages.at(-1)!.text)![1]!;
    const r = await cli(verify!.map((a) => (a === 'CODE' ? code : a)));
    expect(r.code).toBe(0);
  });

  it('after profile add: the check hint', async () => {
    const added = await cli(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox']);
    const [check] = hints(added.stderr + added.stdout, /Check it with: /);
    expect((await cli(check!)).code).toBe(0);
  });

  it('ThaiBulkSMS offers no status: a send there does not suggest one', async () => {
    expect((await cli(['profile', 'add', 'tbs', '--provider', 'thaibulksms', '--sandbox'])).code).toBe(0);
    const sent = await cli(['--profile', 'tbs', 'send', '--to', '0812345678', '-m', 'hello', '--yes']);
    expect(sent.code).toBe(0);
    expect(sent.stderr).not.toMatch(/smsctl .*status/);
  });

  it('keys from the environment: the summary and an auth failure say so, and suggest no profile to test', async () => {
    const { startTestServer } = await import('../helpers/http-server.js');
    const server = await startTestServer();
    try {
      // The key is refused once, then accepted (for the dry run's summary).
      server.route({ method: 'GET', path: '/message/credit/balance' }, (_req, nth) => (nth === 1 ? { status: 401, body: { error: 'invalid key' } } : { body: { result: { balance: 500 } } }));
      const env = { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: 'sk_sep_hints00000000000000', SMSCTL_BASE_URL: server.url, SMSCTL_SENDER: 'SHOP' };
      const r = await cli(['balance'], env);
      expect(r.code).toBe(4);
      expect(r.stderr).not.toMatch(/profile test/);
      expect(r.stderr).toMatch(/SMSCTL_API_KEY/);
      const dry = await cli(['send', '--to', '0812345678', '-m', 'hi', '--dry-run'], env);
      expect(dry.stderr).toMatch(/keys from the environment/);
      expect(dry.stderr).not.toMatch(/profile \(environment\)/);
    } finally {
      await server.close();
    }
  });

  it("the demo's last hint names a number the demo sends to", () => {
    const demo = readFileSync(join(ROOT, 'scripts', 'demo.mjs'), 'utf8');
    const number = /inbox --msisdn (\d+)/.exec(demo)![1]!;
    const contacts = readFileSync(join(ROOT, 'fixtures', 'contacts.csv'), 'utf8');
    expect(contacts.replace(/[\s-]/g, '')).toContain(number.slice(1));
  });
});
