/**
 * Where commands run: the machine itself, an alias from ~/.ssh/config, or `user@host[:port]`.
 * Parsed strictly because these strings end up in ssh command lines.
 */
export type HostSpec =
  | { readonly kind: 'local'; readonly text: 'local' }
  | { readonly kind: 'alias'; readonly text: string; readonly alias: string }
  | { readonly kind: 'address'; readonly text: string; readonly user: string; readonly host: string; readonly port?: number };

export type HostSpecResult = { ok: true; spec: HostSpec } | { ok: false; message: string };

const ALIAS = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,252}$/;
const USER = /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

export function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  if (IPV4.test(host)) return true;
  // All-numeric dotted names that are not valid IPv4 addresses are typos, not host names.
  if (/^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

export function parseHostSpec(text: string): HostSpecResult {
  if (text === 'local') return { ok: true, spec: { kind: 'local', text } };
  if (text.trim() !== text || text.length === 0) return { ok: false, message: 'a host must not be empty or have surrounding spaces' };
  const at = text.indexOf('@');
  if (at < 0) {
    if (text.includes(':')) {
      return { ok: false, message: `${JSON.stringify(text)}: write user@host:port, or define an alias with its Port in ~/.ssh/config` };
    }
    if (!ALIAS.test(text)) {
      return { ok: false, message: `${JSON.stringify(text)} is not "local", an ssh alias (letters, digits, ".", "_", "-") or user@host[:port]` };
    }
    return { ok: true, spec: { kind: 'alias', text, alias: text } };
  }
  const user = text.slice(0, at);
  const rest = text.slice(at + 1);
  if (!USER.test(user)) return { ok: false, message: `${JSON.stringify(user)} is not a valid user name` };
  let host = rest;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
    if (!IPV6.test(host) || !host.includes(':')) return { ok: false, message: `"[${host}]" is not an IPv6 address` };
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      host = rest.slice(0, colon);
      portText = rest.slice(colon + 1);
    }
    if (!isHostName(host)) return { ok: false, message: `${JSON.stringify(host)} is not a valid host name or IPv4 address` };
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = parsePort(portText);
    if (port === undefined) return { ok: false, message: `${JSON.stringify(portText)} is not a port number (1-65535)` };
  }
  return { ok: true, spec: { kind: 'address', text, user, host, ...(port === undefined ? {} : { port }) } };
}
