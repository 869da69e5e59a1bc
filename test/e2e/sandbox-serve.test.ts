/**
 * `smsctl sandbox serve` as its own process, used by the CLI as any provider would be:
 * through a profile pointing at it, and by a plain HTTP client through /__sandbox/info.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempConfigDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

let server: ChildProcess;
let url: string;
const tmp = tempConfigDir();

beforeAll(async () => {
  server = spawn(process.execPath, [join(ROOT, 'bin', 'smsctl.js'), 'sandbox', 'serve', '--port', '0', '--delivery-delay', '0', '--seed', '7'], {
    env: { PATH: process.env.PATH ?? '', SMSCTL_CONFIG_DIR: tmp.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}`)));
  });
  const added = await runCli(['profile', 'add', 'local', '--provider', 'sepsms', '--sandbox', '--base-url', url, '--sender', 'LOCAL'], { configDir: tmp.dir });
  expect(added.code).toBe(0);
});

afterAll(async () => {
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGINT');
  await exited;
  tmp.cleanup();
});

describe('sandbox serve', () => {
  it('prints and serves the base URLs and test keys', async () => {
    const info = (await (await fetch(`${url}/__sandbox/info`)).json()) as { providers: Record<string, { baseUrl: string; apiKey: string }> };
    expect(info.providers.sepsms).toEqual({ baseUrl: `${url}/sepsms/api/v2`, apiKey: expect.stringMatching(/^sk_sep_/) });
    expect(info.providers.mesms!.baseUrl).toBe(`${url}/mesms/api/v2`);
  });

  it('serves a CLI profile that points at it, and the inbox reads back what was sent', async () => {
    const send = await runCli(['--profile', 'local', 'send', '--to', '0861234567', '-m', 'via serve', '--yes'], { configDir: tmp.dir });
    expect(send.code).toBe(0);
    const inbox = await runCli(['sandbox', 'inbox', '--url', url, '--msisdn', '0861234567', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(inbox.stdout).messages).toEqual([expect.objectContaining({ text: 'via serve', sender: 'LOCAL', provider: 'sepsms' })]);
    const status = await runCli(['--profile', 'local', 'status', '--wait', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(status.stdout).summary).toEqual({ success: 1 });
  });

  it('inbox --follow prints each new message as a JSON line and stops cleanly on Ctrl-C', async () => {
    // One message before it starts: once it has printed that one, it is following, and the
    // message sent after that is one it can only see as new.
    const info = (await (await fetch(`${url}/__sandbox/info`)).json()) as { providers: { sepsms: { baseUrl: string; apiKey: string } } };
    const before = await fetch(`${info.providers.sepsms.baseUrl}/message/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': info.providers.sepsms.apiKey },
      body: JSON.stringify({ origin: 'LOCAL', message: 'before', recipients: ['66871112222'] }),
    });
    expect(before.status).toBeLessThan(300);
    const follower = spawn(process.execPath, [join(ROOT, 'bin', 'smsctl.js'), 'sandbox', 'inbox', '--url', url, '--msisdn', '0871112222', '--follow', '--json'], {
      env: { PATH: process.env.PATH ?? '', SMSCTL_CONFIG_DIR: tmp.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    follower.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    // Complete lines only: the one being written may have arrived in part.
    const lines = () => out.split('\n').slice(0, -1).map((l) => JSON.parse(l) as { msisdn: string; text: string });
    await waitFor(() => lines().length >= 1, { timeoutMs: 15_000, what: 'the follower to print the message sent before it started' });
    const send = await runCli(['--profile', 'local', 'send', '--to', '0871112222', '-m', 'followed', '--yes'], { configDir: tmp.dir });
    expect(send.code).toBe(0);
    await waitFor(() => lines().length >= 2, { timeoutMs: 15_000, what: 'the follower to print the message sent while it followed' });
    expect(lines()).toEqual([expect.objectContaining({ msisdn: '66871112222', text: 'before' }), expect.objectContaining({ msisdn: '66871112222', text: 'followed' })]);
    const exited = new Promise<number | null>((r) => follower.once('exit', (code) => r(code)));
    follower.kill('SIGINT');
    expect(await exited).toBe(130); // Ctrl-C ends a follow: the documented 130, no error line
  });
});
