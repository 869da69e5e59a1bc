/**
 * The built CLI delivering webhooks as a user meets it: receivers registered on the embedded
 * sandbox and on `sandbox serve --webhook`, events signed with the secret the CLI printed, and a
 * serve bound beyond loopback asking for the token its banner printed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli, tempConfigDir, type StartedCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { receiver, signatureValid } from '../sandbox/receiver.js';

let tmp: ReturnType<typeof tempConfigDir>;
const servers: StartedCli[] = [];
beforeEach(() => (tmp = tempConfigDir()));
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.child.kill('SIGINT');
    await s.exited;
  }
  tmp.cleanup();
});
const cli = (args: string[], env?: Record<string, string>) => runCli(args, { configDir: tmp.dir, env });

async function serve(args: string[], env?: Record<string, string>): Promise<{ server: StartedCli; url: string }> {
  const server = startCli(['sandbox', 'serve', '--port', '0', '--delivery-delay', '200', ...args], { configDir: tmp.dir, env });
  servers.push(server);
  // The banner ends with the "Use it:" line.
  const m = await waitFor(() => server.stdout().includes('Use it:') && /listening on http:\/\/[\d.]+:(\d+)/.exec(server.stdout()), { timeoutMs: 15_000, what: 'the banner' });
  return { server, url: `http://127.0.0.1:${m[1]}` };
}

const eventsOf = (got: { headers: Record<string, unknown> }[]) => got.map((r) => r.headers['x-webhook-event']);

describe('sandbox webhooks on the embedded sandbox', () => {
  it('add shows the secret once, list masks it, a send delivers signed events (the late ones with the next command), remove stops them', async () => {
    const hook = await receiver();
    const add = await cli(['sandbox', 'webhooks', 'add', hook.url]);
    expect(add.code).toBe(0);
    const secret = /Signing secret: (whsec_[\w-]+)/.exec(add.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(add.stderr).toMatch(/Registered wh_\w+ on the embedded sandbox: all events → http:\/\/127\.0\.0\.1/);

    const list = await cli(['sandbox', 'webhooks', 'list']);
    expect(list.stdout).toContain(hook.url);
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).toContain(`whsec_…${secret!.slice(-4)}`);

    expect((await cli(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hooked', '--yes'])).code).toBe(0);
    await waitFor(() => eventsOf(hook.got).includes('sms.sent'), { what: 'sms.sent, sent while the send command ran' });
    // Delivery is 1.5 s later, after that command ended: the next command that opens the sandbox sends it.
    await new Promise((r) => setTimeout(r, 1600));
    expect((await cli(['sandbox', 'inbox', '--json'])).code).toBe(0);
    await waitFor(() => eventsOf(hook.got).includes('sms.completed'), { what: 'the late events' });
    expect(eventsOf(hook.got)).toEqual(['sms.sent', 'dr.success', 'sms.completed']);
    expect(hook.got.every((r) => signatureValid(r, secret!))).toBe(true);

    expect((await cli(['sandbox', 'webhooks', 'remove', hook.url])).code).toBe(0);
    expect((await cli(['sandbox', 'webhooks', 'list', '--json'])).stdout).toContain('"webhooks":[]');
    const gone = await cli(['sandbox', 'webhooks', 'remove', 'wh_000000000000']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/no webhook with id or URL "wh_000000000000"/);
  });

  it('refuses a receiver that is not an http(s) URL, and an unknown event, naming them', async () => {
    const bad = await cli(['sandbox', 'webhooks', 'add', 'ftp://x/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/receiver URL "ftp:\/\/x\/"/);
    const event = await cli(['sandbox', 'webhooks', 'add', 'http://127.0.0.1:9/', '--events', 'dr.sucess']);
    expect(event.code).toBe(2);
    expect(event.stderr).toMatch(/events: unknown dr\.sucess/);
  });
});

describe('sandbox serve --webhook', () => {
  it('prints the signing secret and POSTs signed events for a send through a profile pointing at it', async () => {
    const hook = await receiver();
    const { server, url } = await serve(['--webhook', hook.url, '--webhook-secret', 'whsec_loop_test_secret']);
    expect(server.stdout()).toContain(`Webhook      ${hook.url}  (all events)  signing secret whsec_loop_test_secret`);
    expect((await cli(['profile', 'add', 'local', '--provider', 'sepsms', '--sandbox', '--base-url', url, '--sender', 'LOOP'])).code).toBe(0);
    expect((await cli(['--profile', 'local', 'send', '--to', '0812345678,0800000001', '-m', 'loop', '--yes'])).code).toBe(0);
    await waitFor(() => eventsOf(hook.got).includes('sms.completed'), { what: 'sms.completed' });
    expect(eventsOf(hook.got)).toEqual(['sms.sent', 'dr.success', 'dr.failed', 'sms.completed']);
    expect(hook.got.every((r) => signatureValid(r, 'whsec_loop_test_secret'))).toBe(true);
    const list = await cli(['sandbox', 'webhooks', 'list', '--url', url, '--json']);
    expect(JSON.parse(list.stdout).webhooks).toEqual([expect.objectContaining({ url: hook.url, secret: 'whsec_…cret' })]);
  });
});

describe('sandbox serve beyond loopback', () => {
  it('prints the real address, a warning and a token that the admin endpoints then need', async () => {
    const { server, url } = await serve(['--host', '0.0.0.0']);
    expect(server.stdout()).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
    const token = /Admin token {2}(sbx_[\w-]+)/.exec(server.stdout())?.[1];
    expect(token).toBeDefined();
    await waitFor(() => server.stderr().includes('warning: --host 0.0.0.0 makes the sandbox reachable from other machines'));

    const without = await cli(['sandbox', 'inbox', '--url', url]);
    expect(without.code).toBe(4);
    expect(without.stderr).toMatch(/asks for its admin token .* --token or set SMSCTL_SANDBOX_TOKEN/);
    expect(without.stderr).not.toContain(token);
    expect((await cli(['sandbox', 'inbox', '--url', url, '--token', token!])).code).toBe(0);
    expect((await cli(['sandbox', 'webhooks', 'list', '--url', url], { SMSCTL_SANDBOX_TOKEN: token! })).code).toBe(0);
    // The provider APIs keep their own keys: a profile pointing at it sends as before.
    expect((await cli(['profile', 'add', 'lan', '--provider', 'mesms', '--sandbox', '--base-url', url, '--sender', 'SHOP'])).code).toBe(0);
    expect((await cli(['--profile', 'lan', 'send', '--to', '0812345678', '-m', 'lan', '--yes'])).code).toBe(0);
  });

  it('a loopback bind prints no warning and needs no token', async () => {
    const { server, url } = await serve([]);
    expect((await cli(['sandbox', 'inbox', '--url', url])).code).toBe(0);
    expect(server.stdout()).not.toContain('Admin token');
    expect(server.stderr()).not.toContain('warning');
  });
});
