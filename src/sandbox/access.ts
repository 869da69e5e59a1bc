/**
 * Who may talk to the sandbox. On a loopback bind only this machine can reach it, but any web
 * page open in the developer's browser can still send it requests; so:
 * - the Host header must name an address the server is bound to (or an allowed name): a page
 *   on a foreign domain that rebinds its DNS to 127.0.0.1 is refused, and no foreign host is
 *   ever echoed into `/__sandbox/info`'s base URLs;
 * - admin endpoints refuse a cross-origin `Origin` and non-JSON bodies, so a page cannot post
 *   a `text/plain` "simple request" (no CORS preflight) to reset it or read the inbox;
 * - on a non-loopback bind every admin call needs the bearer token printed in the banner.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';

export interface AccessPolicy {
  /** Bound to an address other machines can reach. */
  exposed: boolean;
  /** Required as `Authorization: Bearer …` on admin endpoints when set. */
  token?: string;
  allowsHost(hostHeader: string | undefined): boolean;
  allowsOrigin(origin: string): boolean;
  tokenMatches(authorization: string | undefined): boolean;
}

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || /^::ffff:127(?:\.\d{1,3}){3}$/.test(h);
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '';

/** Interface addresses a wildcard bind answers on, as they appear in a URL's host. */
export function interfaceHosts(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.push(a.family === 'IPv6' ? `[${a.address.split('%')[0]}]` : a.address);
  }
  return out;
}

const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

export function newAdminToken(): string {
  return `sbx_${randomBytes(24).toString('base64url')}`;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export interface AccessOptions {
  bindHost: string;
  port: number;
  /** Extra names the Host header may use (a Docker service name, a tunnel's domain). */
  allowHosts?: readonly string[];
  /** Used when exposed; a random one otherwise. */
  token?: string;
}

export function accessPolicy(o: AccessOptions): AccessPolicy {
  const exposed = !isLoopbackAddress(o.bindHost);
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (exposed) {
    if (isWildcard(o.bindHost)) for (const h of interfaceHosts()) names.add(h.toLowerCase());
    else names.add(bracket(o.bindHost).toLowerCase());
    names.add(hostname().toLowerCase());
  } else names.add(bracket(o.bindHost).toLowerCase());
  for (const h of o.allowHosts ?? []) names.add(bracket(h).toLowerCase());

  const allowsHost = (raw: string | undefined): boolean => {
    // HTTP/1.0 clients may send none; a browser always does.
    if (raw === undefined || raw === '') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(raw.trim().toLowerCase());
    if (!m) return false;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    return port === o.port && names.has(m[1]!);
  };
  const token = exposed ? (o.token ?? newAdminToken()) : undefined;
  return {
    exposed,
    token,
    allowsHost,
    allowsOrigin(origin) {
      if (!URL.canParse(origin)) return false; // includes the opaque "null"
      const u = new URL(origin);
      return u.protocol === 'http:' && allowsHost(u.host);
    },
    tokenMatches(authorization) {
      if (token === undefined) return true;
      const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
    },
  };
}
