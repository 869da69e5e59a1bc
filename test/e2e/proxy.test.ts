/**
 * Provider requests honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY (and their lower-case forms)
 * through undici's EnvHttpProxyAgent. A tiny forward proxy on 127.0.0.1 counts what passes
 * through it; a fake SEPSMS on 127.0.0.1 answers the balance.
 *
 * EnvHttpProxyAgent does not exempt localhost by itself: with a proxy variable set and no
 * NO_PROXY, even a 127.0.0.1 provider is reached through the proxy, which is what lets this
 * test see the proxy used at all. For http:// targets undici tunnels with CONNECT by default,
 * so the proxy handles both CONNECT and absolute-form requests.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

interface ForwardProxy {
  url: string;
  /** Requests seen: CONNECT tunnels and absolute-form requests, by target host:port. */
  seen: string[];
  close(): Promise<void>;
}

async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    // Absolute-form: GET http://host:port/path HTTP/1.1
    const target = new URL(req.url ?? '');
    seen.push(`${req.method} ${target.host}`);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => [client, upstream].forEach((x) => x.destroy()));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let proxy: ForwardProxy;
let provider: TestServer;
let providerHost: string;
const tmp = tempConfigDir();

beforeAll(async () => {
  proxy = await startForwardProxy();
  provider = await startTestServer();
  providerHost = new URL(provider.url).host;
  provider.route({ method: 'GET', path: '/api/v2/message/credit/balance' }, () => ({ body: { result: { balance: 4242 } } }));
});
afterAll(async () => {
  await proxy?.close();
  await provider?.close();
  tmp.cleanup();
});
beforeEach(() => {
  proxy.seen.length = 0;
});

function balance(extra: Record<string, string>) {
  return runCli(['balance', '--json'], {
    configDir: tmp.dir,
    env: {
      SMSCTL_PROVIDER: 'sepsms',
      SMSCTL_BASE_URL: `${provider.url}/api/v2`,
      SMSCTL_API_KEY: 'sk_sep_proxyproxyproxyproxy',
      ...extra,
    },
  });
}

describe('proxies', () => {
  it('HTTP_PROXY: the provider request goes through the proxy', async () => {
    const r = await balance({ HTTP_PROXY: proxy.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'sepsms', balance: 4242 });
    expect(proxy.seen).toEqual([`CONNECT ${providerHost}`]);
  });

  it('http_proxy (lower case) is honoured too', async () => {
    const r = await balance({ http_proxy: proxy.url });
    expect(r.code).toBe(0);
    expect(proxy.seen).toEqual([`CONNECT ${providerHost}`]);
  });

  it('NO_PROXY=127.0.0.1: the provider is reached directly', async () => {
    const before = provider.requests.length;
    const r = await balance({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ balance: 4242 });
    expect(proxy.seen).toEqual([]);
    expect(provider.requests.length).toBe(before + 1);
  });

  it('HTTPS_PROXY alone does not route an http:// provider', async () => {
    const r = await balance({ HTTPS_PROXY: proxy.url });
    expect(r.code).toBe(0);
    expect(proxy.seen).toEqual([]);
  });

  it('no proxy variable: direct', async () => {
    const r = await balance({});
    expect(r.code).toBe(0);
    expect(proxy.seen).toEqual([]);
  });

  it('a proxy that is down fails the request (the proxy really is used), with no key in the output', async () => {
    const dead = await startForwardProxy();
    await dead.close();
    const r = await balance({ HTTP_PROXY: dead.url });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).not.toContain('sk_sep_proxyproxyproxyproxy');
  });

  it('the embedded sandbox never goes through a proxy', async () => {
    const r = await runCli(['balance', '--json'], { configDir: tmp.dir, env: { SMSCTL_PROFILE: 'sandbox', HTTP_PROXY: proxy.url } });
    expect(r.code).toBe(0);
    expect(proxy.seen).toEqual([]);
  });
});
