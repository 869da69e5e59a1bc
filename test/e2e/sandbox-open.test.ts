/**
 * `smsctl sandbox open`: finds a running sandbox and prints its web inbox URL, or starts one;
 * opens a browser only with --browser (here a stand-in xdg-open on PATH that records its call).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempConfigDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const tmp = tempConfigDir();
afterAll(() => tmp.cleanup());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('sandbox open', () => {
  it('starts a sandbox when none answers, prints only the URL on stdout, and serves the page there until Ctrl-C', async () => {
    const port = await freePort();
    const cli = startCli(['sandbox', 'open', '--port', String(port)], { configDir: tmp.dir });
    await waitFor(() => cli.stdout().includes('\n') && cli.stderr().includes('Ctrl-C stops it'), { timeoutMs: 15_000, what: 'the URL, and how to stop it' });
    expect(cli.stdout()).toBe(`http://127.0.0.1:${port}/\n`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('smsctl sandbox inbox');

    // A second `open` finds it: prints the same URL and exits at once.
    const again = await runCli(['sandbox', 'open', '--port', String(port)], { configDir: tmp.dir });
    expect(again).toMatchObject({ code: 0, stdout: `http://127.0.0.1:${port}/\n` });

    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  it('opens the browser only when asked with --browser', async () => {
    const port = await freePort();
    const bin = join(tmp.dir, 'fake-bin');
    const log = join(tmp.dir, 'opened.txt');
    mkdirSync(bin, { recursive: true });
    for (const name of ['xdg-open', 'open']) {
      writeFileSync(join(bin, name), `#!/bin/sh\necho "$@" >> '${log}'\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
    const server = startCli(['sandbox', 'serve', '--port', String(port)], { configDir: tmp.dir });
    await waitFor(() => server.stdout().includes('listening on'), { timeoutMs: 15_000, what: 'sandbox serve' });
    const plain = await runCli(['sandbox', 'open', '--port', String(port)], { configDir: tmp.dir, env });
    expect(plain.code).toBe(0);
    expect(existsSync(log)).toBe(false);
    const browser = await runCli(['sandbox', 'open', '--port', String(port), '--browser'], { configDir: tmp.dir, env });
    expect(browser).toMatchObject({ code: 0, stdout: `http://127.0.0.1:${port}/\n` });
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').trim() === `http://127.0.0.1:${port}/`, { timeoutMs: 5000, what: 'the opener to be called with the URL' });
    server.child.kill('SIGINT');
    await server.exited;
  });

  it('refuses a --url where no sandbox answers, and a port held by something else', async () => {
    const port = await freePort();
    const none = await runCli(['sandbox', 'open', '--url', `http://127.0.0.1:${port}`], { configDir: tmp.dir });
    expect(none.code).toBe(7);
    expect(none.stderr).toContain(`no sandbox answers at http://127.0.0.1:${port}`);
    const other = await new Promise<Server>((resolve) => {
      const s = createHttpServer((_req, res) => res.writeHead(404).end('nope')).listen(0, '127.0.0.1', () => resolve(s));
    });
    const otherPort = (other.address() as { port: number }).port;
    const busy = await runCli(['sandbox', 'open', '--port', String(otherPort)], { configDir: tmp.dir });
    other.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`--port ${otherPort}: in use by something that is not a smsctl sandbox`);
  });
});

