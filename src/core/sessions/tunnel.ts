// A local entrance to a session's websockify port: a TCP listener on 127.0.0.1 (random port)
// that pipes each accepted connection to the session through a connect function (a direct TCP
// connection for local sessions, an SSH channel for remote ones).
//
// Only the panel that owns the tunnel gets in: each HTTP request must name a random path that
// only that panel learns (by message, never in its HTML). Anything else is refused before the
// session is contacted. The tunnel lives exactly as long as its panel.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ViewerTarget } from './viewerMessages';

/** Opens one stream to the session's websockify port. */
export type Connect = () => Promise<Duplex>;

/** A way to a session: `connect` per client connection, `release` once when the tunnel closes. */
export interface Connector {
  readonly connect: Connect;
  release?(): Promise<void>;
}

/** A host that can open a local port to `remoteHost:remotePort` as seen from it (LocalHost, SshHost). */
export interface PortForwarder {
  forward(remoteHost: string, remotePort: number): Promise<{ readonly localPort: number; close(): Promise<void> }>;
}

/** Hosts by ssh alias, shared with the rest of the extension (the SSH pool). */
export interface ForwarderSource {
  host(alias: string): PortForwarder;
}

export interface TunnelOptions {
  readonly connect: Connect;
  /** Called once when the tunnel closes (e.g. to close the host forward `connect` went through). */
  readonly release?: () => Promise<void>;
  /** One-line notes for the log; never given secrets. */
  readonly log?: (line: string) => void;
  /** How long a client may take to send its request head. */
  readonly headTimeoutMs?: number;
  /** Connections open at once; more are refused (a panel needs one, two while reconnecting). */
  readonly maxConnections?: number;
}

export interface Tunnel {
  readonly port: number;
  /** The path a client must request, e.g. `/3f2a...`; a capability, kept out of logs. */
  readonly path: string;
  /** Connections currently piped to the session. */
  readonly openConnections: number;
  close(): Promise<void>;
}

const maxHeadBytes = 16 * 1024;
const headEnd = Buffer.from('\r\n\r\n');

/** Connects straight to `host:port` over TCP (local sessions, or a node this machine reaches). */
export function directConnect(host: string, port: number, timeoutMs = 10_000): Connect {
  return () =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = netConnect({ host, port });
      const fail = (error: Error) => {
        socket.destroy();
        reject(new Error(`Cannot reach ${host}:${port}: ${errorCode(error)}`));
      };
      socket.setTimeout(timeoutMs, () => fail(new Error('timed out')));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        resolve(socket);
      });
    });
}

export async function openTunnel(options: TunnelOptions): Promise<Tunnel> {
  const token = randomBytes(24).toString('hex');
  const log = options.log ?? (() => undefined);
  const headTimeoutMs = options.headTimeoutMs ?? 10_000;
  const maxConnections = options.maxConnections ?? 4;
  const streams = new Set<Duplex>();
  let piped = 0;
  let closed = false;

  const server: Server = createServer((socket) => {
    streams.add(socket);
    socket.once('close', () => streams.delete(socket));
    socket.on('error', () => socket.destroy());
    readHead(socket, headTimeoutMs)
      .then(async ({ head, rest }) => {
        const request = checkRequest(head, token);
        if (request.kind === 'refused') {
          log(`tunnel: refused a connection (${request.why})`);
          return reply(socket, '403 Forbidden');
        }
        if (piped >= maxConnections) {
          log('tunnel: refused a connection (too many open)');
          return reply(socket, '503 Service Unavailable');
        }
        let upstream: Duplex;
        try {
          upstream = await options.connect();
        } catch (error) {
          log(`tunnel: ${error instanceof Error ? error.message : String(error)}`);
          return reply(socket, '502 Bad Gateway');
        }
        if (closed || socket.destroyed) {
          upstream.destroy();
          return;
        }
        streams.add(upstream);
        piped++;
        upstream.once('close', () => {
          streams.delete(upstream);
          piped--;
        });
        upstream.write(Buffer.concat([request.head, rest]));
        join(socket, upstream);
      })
      .catch((error: unknown) => {
        log(`tunnel: dropped a connection (${error instanceof Error ? error.message : String(error)})`);
        socket.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The tunnel listener has no port.');

  return {
    port: address.port,
    path: `/${token}`,
    get openConnections() {
      return piped;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const stream of streams) stream.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.release?.().catch((error: unknown) => log(`tunnel: ${error instanceof Error ? error.message : String(error)}`));
    },
  };
}

/**
 * Connects through a forward that `host` opens on first use and keeps until released. A forward
 * that fails is opened again on the next connection (the SSH connection may have come back).
 */
export function forwardedConnector(host: PortForwarder, remoteHost: string, remotePort: number): Connector {
  let forward: ReturnType<PortForwarder['forward']> | undefined;
  const opened = () => {
    forward ??= host.forward(remoteHost, remotePort).catch((error: unknown) => {
      forward = undefined;
      throw error;
    });
    return forward;
  };
  return {
    connect: async () => directConnect('127.0.0.1', (await opened()).localPort)(),
    release: async () => {
      const current = forward;
      forward = undefined;
      await (await current?.catch(() => undefined))?.close();
    },
  };
}

/** How the viewer reaches a target: straight over TCP, or through the SSH host `via`. */
export function connectorFor(target: ViewerTarget, hosts: ForwarderSource | undefined): Connector {
  if (target.kind === 'direct') return { connect: directConnect(target.host, target.port) };
  if (!hosts) {
    const reason = `No SSH connection to ${target.via} is available for ${target.host}:${target.port}.`;
    return { connect: () => Promise.reject(new Error(reason)) };
  }
  return forwardedConnector(hosts.host(target.via), target.host, target.port);
}

/** Pipes both ways; when one side ends, the other is ended too, then torn down. */
function join(a: Duplex, b: Duplex): void {
  a.pipe(b);
  b.pipe(a);
  const finish = (other: Duplex) => () => {
    if (other.destroyed) return;
    other.end();
    // A peer that never closes its side must not keep the stream alive.
    setTimeout(() => other.destroy(), 2000).unref();
  };
  a.once('close', finish(b));
  b.once('close', finish(a));
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
}

function reply(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function readHead(socket: Socket, timeoutMs: number): Promise<{ head: Buffer; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error('no request in time')), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(headEnd);
      if (end >= 0) return done(undefined, end + headEnd.length);
      if (buffered.length > maxHeadBytes) done(new Error('request head too large'));
    };
    const onEnd = () => done(new Error('closed before a request'));
    function done(error: Error | undefined, headLength = 0) {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
      // Later bytes flow through the pipe once the session is connected.
      socket.pause();
      if (error) reject(error);
      else resolve({ head: buffered.subarray(0, headLength), rest: buffered.subarray(headLength) });
    }
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onEnd);
  });
}

type CheckedRequest = { kind: 'accepted'; head: Buffer } | { kind: 'refused'; why: string };

/**
 * Accepts a request whose path ends with the token, and hands it on with the token removed
 * (the session sees `/`, as if reached directly). A port proxy in front (code-server's
 * `/proxy/<port>/`) may or may not strip its prefix, so only the last segment counts.
 */
export function checkRequest(head: Buffer, token: string): CheckedRequest {
  const text = head.toString('latin1');
  const lineEnd = text.indexOf('\r\n');
  const match = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(text.slice(0, lineEnd));
  if (!match) return { kind: 'refused', why: 'not an HTTP request' };
  const [, method, target, version] = match;
  const queryAt = target.indexOf('?');
  const path = queryAt >= 0 ? target.slice(0, queryAt) : target;
  const query = queryAt >= 0 ? target.slice(queryAt) : '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (!sameText(last, token)) return { kind: 'refused', why: 'wrong path' };
  const rewritten = `${method} /${query} ${version}${text.slice(lineEnd)}`;
  return { kind: 'accepted', head: Buffer.from(rewritten, 'latin1') };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function errorCode(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' ? 'connection refused' : (code ?? error.message);
}

/** Parses `host:port` (or `[v6]:port`) as typed by a user. */
export function parseEndpoint(input: string): { host: string; port: number } | { error: string } {
  const match = /^\s*(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)):(\d{1,5})\s*$/.exec(input);
  if (!match) return { error: 'Enter host:port, for example 127.0.0.1:6080.' };
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return { error: `Port ${match[3]} is out of range (1-65535).` };
  return { host: match[1] ?? match[2], port };
}
