/**
 * `status --watch` as a user meets it, against the embedded sandbox (ME-SMS), through the
 * built CLI: it follows a send to its final statuses, shows a scheduled message as
 * scheduled (not pending), stops at once when nothing can change before --timeout, and
 * leaves cleanly on Ctrl-C.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli, tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { waitFor } from '../helpers/wait.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());
const cli = (...args: string[]) => runCli(args, { configDir: tmp.dir });
const bangkok = (ms: number) => new Date(Date.now() + ms).toISOString();

async function send(...extra: string[]): Promise<string> {
  const r = await cli('--profile', 'sandbox', 'send', '--to', '0812345678,0800000001,0800000002', '-m', 'hi', '--yes', '--json', ...extra);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).runId as string;
}

describe('status --watch', () => {
  it('follows a send until every recipient is final: one line per change on a pipe, exit 0, the table on stdout', async () => {
    await send();
    const r = await cli('status', '--watch');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00  pending 3 \(0 of 3 final\)$/);
    expect(lines.at(-1)).toMatch(/ success 1, failed 1, invalid 1 \(3 of 3 final\)$/);
    // A line per change, not per poll: the 1.5 s delivery is polled every second.
    expect(lines).toHaveLength(2);
    expect(r.stdout).toMatch(/STATUS +RECIPIENTS\nsuccess +1\nfailed +1\ninvalid +1/);
  });

  it('on a terminal: one status line redrawn in place with a bar, cleared before the table', async () => {
    // Scheduled a little ahead, so the first frame is known however slow the machine is.
    await send('--schedule', bangkok(10_000));
    const r = await run(['status', '--watch', '--timeout', '60'], { configDir: tmp.dir, tty: true });
    expect(r.code, r.stderr).toBe(0);
    const frames = r.stderr.split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toMatch(/^Watching ░{20} 0% final \| scheduled 3 \| next out \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00 \| \d+ s/);
    // Never wider than the terminal (100 columns here).
    for (const f of frames) expect([...f].length).toBeLessThan(100);
    expect(frames.at(-1)).toMatch(/^Watching █{20} 100% final \| success 1, failed 1, invalid 1 \| /);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(r.stderr).not.toMatch(/\n/);
    expect(r.stdout).toMatch(/^success +1$/m);
  });

  it('--json: final true once done; --wait still works as the old name', async () => {
    await send();
    const r = await cli('status', '--wait', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, final: true, total: 3, summary: { success: 1, failed: 1, invalid: 1 } });
  });

  it('a message scheduled for later shows as scheduled with its time; watching it ends at once with exit 9, not a 2-minute poll', async () => {
    await send('--schedule', bangkok(3_600_000));
    const plain = await cli('status');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^scheduled +3$/m);
    expect(plain.stdout).not.toMatch(/pending/);
    expect(plain.stdout).toMatch(/^Scheduled: goes out \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00$/m);
    const started = Date.now();
    const watch = await cli('status', '--watch', '--json');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(watch.code).toBe(9);
    const doc = JSON.parse(watch.stdout);
    expect(doc).toMatchObject({ ok: false, final: false, summary: { scheduled: 3 }, error: { kind: 'timeout', code: 'STILL_SCHEDULED' } });
    expect(watch.stderr).toMatch(/^smsctl: error: scheduled to go out .* after --timeout 120 s: nothing will change before then/m);
  });

  it('a message scheduled a few seconds ahead is watched through scheduled → pending → final', async () => {
    await send('--schedule', bangkok(10_000));
    const r = await cli('status', '--watch', '--timeout', '60');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/scheduled 3 \(0 of 3 final; next goes out /);
    expect(r.stderr).toMatch(/success 1, failed 1, invalid 1 \(3 of 3 final\)/);
  });

  it('gives up after --timeout with exit 9 and the latest status, in the envelope (SEPSMS, a slow sandbox serve)', async () => {
    const serve = startCli(['sandbox', 'serve', '--port', '0', '--delivery-delay', '60000'], { configDir: tmp.dir });
    try {
      const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.stdout())?.[1], { timeoutMs: 15_000, what: 'sandbox serve' });
      expect((await cli('profile', 'add', 'slow', '--provider', 'sepsms', '--sandbox', '--base-url', url, '--sender', 'SLOW')).code).toBe(0);
      expect((await cli('--profile', 'slow', 'send', '--to', '0812345678,0899999999', '-m', 'hi', '--yes')).code).toBe(0);
      const r = await cli('--profile', 'slow', 'status', '--watch', '--timeout', '2', '--json');
      expect(r.code).toBe(9);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, final: false, summary: { pending: 2 }, error: { kind: 'timeout', code: 'STILL_PENDING' } });
      expect(r.stderr).toMatch(/smsctl: error: 2 recipients still without a final status after 2 s; run it again, or watch longer with --timeout/);
    } finally {
      serve.child.kill('SIGINT');
      await serve.exited;
    }
  });

  it('Ctrl-C leaves cleanly: exit 130, the latest status printed', async () => {
    await send('--schedule', bangkok(60_000));
    const watch = startCli(['status', '--watch'], { configDir: tmp.dir });
    await waitFor(() => /scheduled 3/.test(watch.stderr()), { timeoutMs: 15_000, what: 'the first watch line' });
    watch.child.kill('SIGINT');
    const end = await watch.exited;
    expect(end.code).toBe(130);
    expect(watch.stdout()).toMatch(/^scheduled +3$/m);
    expect(watch.stderr()).toMatch(/smsctl: error: stopped by SIGINT: stopped watching; the status above is the latest/);
    expect(watch.stderr()).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});

describe('commands ThaiBulkSMS does not offer', () => {
  const tbs = { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_API_KEY: 'k'.repeat(20), SMSCTL_API_SECRET: 's'.repeat(20) };
  it.each([
    [['status', 'abc'], /ThaiBulkSMS does not offer `status` \(it publishes no API for it\): delivery reports come to a callback URL .*`smsctl runs show RUN --report FILE`/],
    [['recipients', 'abc'], /ThaiBulkSMS publishes no per-recipient status API.*smsctl runs show RUN --report FILE/],
    [['cancel', 'abc', '--yes'], /ThaiBulkSMS does not offer `cancel` .*: cancel a scheduled ThaiBulkSMS message in its web dashboard/],
  ])('%j: exit 2 with what to use instead, no HTTP request', async (args, message) => {
    const r = await runCli(args, { configDir: tmp.dir, env: { ...tbs, HTTPS_PROXY: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
