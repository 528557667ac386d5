// One ssh2 connection to the last hop of a route, opened through its parent's connection for
// ProxyJump, kept alive, verified against known_hosts, and reopened with backoff after a drop.
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';
import { AuthFailed, HostKeyChanged, HostKeyUnknown, HostUnreachable, oneLine, type HostError } from '../errors';
import { createAuthHandler, type PassphraseCache, type SshPrompts } from './auth';
import type { ResolvedHop } from './config';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  hostFieldMatches,
  keyTypeOf,
  knownHostName,
  preferredHostKeyAlgorithms,
  readKnownHosts,
} from './knownHosts';

export interface ReconnectPolicy {
  /** Connection attempts after a drop before giving up. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ConnectionOptions {
  readonly prompts: SshPrompts;
  readonly passphrases: PassphraseCache;
  /** ssh-agent socket; default SSH_AUTH_SOCK. */
  readonly agentSocket?: string;
  /** Limit for TCP connect plus handshake and authentication, prompts excluded; default 30 s. */
  readonly handshakeTimeoutMs?: number;
  readonly reconnect?: ReconnectPolicy;
  /** Session channels (exec, sftp) open at once per connection; sshd's MaxSessions is 10 by default. */
  readonly maxSessions?: number;
  readonly log?: (message: string) => void;
}

const DEFAULT_RECONNECT: ReconnectPolicy = { attempts: 8, initialDelayMs: 250, maxDelayMs: 4000 };

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected';

export class SshConnection {
  private current: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private everConnected = false;
  private disposed = false;
  private readonly sessions: Semaphore;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  /** Host keys approved in this session, even where known_hosts could not be written. */
  private readonly approvedKeys = new Set<string>();

  constructor(
    readonly route: readonly ResolvedHop[],
    private readonly parent: SshConnection | undefined,
    private readonly options: ConnectionOptions,
  ) {
    this.sessions = new Semaphore(options.maxSessions ?? 8);
  }

  get hop(): ResolvedHop {
    return this.route[this.route.length - 1];
  }

  get label(): string {
    return this.hop.alias;
  }

  get isConnected(): boolean {
    return this.current !== undefined;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** The connected client, connecting (or reconnecting after a drop) first when needed. */
  async client(): Promise<Client> {
    if (this.disposed) throw new HostUnreachable(this.label, 'the connection was closed');
    if (this.current) return this.current;
    this.connecting ??= this.connectWithRetry().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Runs `use` with a session slot (exec channels, sftp) so sshd's MaxSessions is never hit. */
  async withSession<T>(use: (client: Client) => Promise<T>): Promise<T> {
    const release = await this.sessions.acquire();
    try {
      return await use(await this.client());
    } finally {
      release();
    }
  }

  /** Opens an exec channel; a channel refused because the connection just dropped is retried once. */
  async exec(command: string, client?: Client): Promise<ClientChannel> {
    const first = client ?? (await this.client());
    try {
      return await openExec(first, command);
    } catch (error) {
      if (this.current === first || this.disposed) throw this.channelError(error);
      return openExec(await this.client(), command).catch((e: unknown) => {
        throw this.channelError(e);
      });
    }
  }

  /** The connection's SFTP session, opened once and shared. */
  sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= (async () => {
      const release = await this.sessions.acquire();
      try {
        const client = await this.client();
        const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
          client.sftp((error, session) => (error ? reject(this.channelError(error)) : resolve(session))),
        );
        sftp.on('close', () => {
          release();
          this.sftpSession = undefined;
        });
        return sftp;
      } catch (error) {
        release();
        this.sftpSession = undefined;
        throw error;
      }
    })();
    return this.sftpSession;
  }

  /** A TCP stream to host:port as seen from this hop (direct-tcpip). */
  async forwardOut(host: string, port: number): Promise<Duplex> {
    const client = await this.client();
    return new Promise<Duplex>((resolve, reject) =>
      client.forwardOut('127.0.0.1', 0, host, port, (error, stream) =>
        error
          ? reject(new HostUnreachable(`${host}:${port}`, `${this.label} could not connect to ${host}:${port} (${error.message.replace(/^\(SSH\) /, '')})`))
          : resolve(stream),
      ),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.current?.end();
    this.current = undefined;
    this.stateListeners.clear();
  }

  private channelError(error: unknown): Error {
    if (error instanceof Error && /not connected|no response|channel open failure|closed/i.test(error.message)) {
      return new HostUnreachable(this.label, `the connection failed (${error.message})`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private setState(state: ConnectionState): void {
    for (const listener of this.stateListeners) listener(state);
  }

  private async connectWithRetry(): Promise<Client> {
    const policy = this.options.reconnect ?? DEFAULT_RECONNECT;
    let delay = policy.initialDelayMs;
    this.setState('connecting');
    for (let attempt = 1; ; attempt++) {
      try {
        const client = await this.connectOnce();
        this.setState('connected');
        return client;
      } catch (error) {
        // Only a drop of a connection that worked is retried: a first failure is reported at once.
        const retry = this.everConnected && error instanceof HostUnreachable && attempt < policy.attempts && !this.disposed;
        if (!retry) {
          this.setState('disconnected');
          throw error;
        }
        this.options.log?.(`${this.label}: reconnecting in ${delay} ms (${error.message})`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, policy.maxDelayMs);
      }
    }
  }

  private async connectOnce(): Promise<Client> {
    const hop = this.hop;
    const label = this.label;
    const timeoutMs = this.options.handshakeTimeoutMs ?? hop.connectTimeoutMs ?? 30_000;
    const timer = new PausableTimer(timeoutMs);
    const sock = this.parent
      ? await this.parent.forwardOut(hop.hostName, hop.port).catch((error: unknown) => {
          throw error instanceof HostUnreachable ? new HostUnreachable(label, error.reason) : error;
        })
      : await connectTcp(label, hop.hostName, hop.port, timeoutMs);

    const knownFiles = [...hop.knownHostsFiles, ...hop.globalKnownHostsFiles];
    const name = hop.hostKeyAlias ?? knownHostName(hop.hostName, hop.port);
    const known = readKnownHosts(knownFiles);
    const knownTypes = known.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, name)).map((e) => e.keyType);
    const auth = createAuthHandler({
      hop,
      label,
      prompts: this.withPausedTimer(this.options.prompts, timer),
      passphrases: this.options.passphrases,
      agentSocket: hop.identityAgent === 'none' ? undefined : (hop.identityAgent ?? this.options.agentSocket ?? process.env.SSH_AUTH_SOCK),
    });

    let verifyError: HostError | undefined;
    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
      this.verifyHostKey(key, name, knownFiles, timer).then(
        () => verify(true),
        (error: HostError) => {
          verifyError = error;
          verify(false);
        },
      );
    };

    const client = new Client();
    // ssh2 reports a stream ended by the far side (a ProxyJump channel whose node went away) only
    // as 'end'; left half-open, every channel on it would wait forever. Close it: 'close' follows.
    client.on('end', () => {
      const channel = sock as Duplex & { close?: () => void };
      if (typeof channel.close === 'function') channel.close();
      else sock.destroy();
    });
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        timer.stop();
        client.end();
        sock.destroy();
        reject(error);
      };
      timer.start(() => fail(new HostUnreachable(label, `no SSH handshake within ${Math.round(timeoutMs / 1000)} s`)));
      client.on('ready', () => {
        if (settled) return;
        settled = true;
        timer.stop();
        this.current = client;
        this.everConnected = true;
        resolve(client);
      });
      client.on('error', (error: Error & { level?: string }) => {
        if (error.level === 'agent') {
          this.options.log?.(`${label}: ssh-agent: ${error.message}`);
          return;
        }
        if (!settled) {
          if (verifyError) fail(verifyError);
          else if (error.level === 'client-authentication') fail(new AuthFailed(label, hop.user, auth.tried, auth.allowed()));
          else fail(new HostUnreachable(label, error.message));
        } else {
          this.options.log?.(`${label}: ${oneLine(error.message)}`);
        }
      });
      client.on('close', () => {
        if (!settled) fail(verifyError ?? new HostUnreachable(label, 'the server closed the connection during the handshake'));
        if (this.current === client) {
          this.current = undefined;
          this.sftpSession = undefined;
          this.options.log?.(`${label}: connection closed`);
          this.setState('disconnected');
        }
      });
      client.connect({
        sock,
        username: hop.user,
        hostVerifier,
        authHandler: auth.handler,
        // Our own timer limits the handshake, paused while the user answers a prompt.
        readyTimeout: 2 ** 31 - 1,
        keepaliveInterval: hop.serverAliveIntervalMs,
        keepaliveCountMax: hop.serverAliveCountMax,
        algorithms: { serverHostKey: preferredHostKeyAlgorithms(knownTypes) as never },
      });
    });
  }

  private async verifyHostKey(key: Buffer, name: string, knownFiles: readonly string[], timer: PausableTimer): Promise<void> {
    const hop = this.hop;
    const info = { type: keyTypeOf(key), fingerprint: fingerprint(key) };
    const verdict = checkHostKey(readKnownHosts(knownFiles), name, key);
    if (verdict.status === 'known') return;
    if (verdict.status === 'changed' || verdict.status === 'revoked') {
      throw new HostKeyChanged(this.label, info, verdict.file, verdict.line, verdict.status === 'revoked');
    }
    const approvalKey = `${name} ${info.fingerprint}`;
    if (this.approvedKeys.has(approvalKey)) return;
    const file = hop.knownHostsFiles[0];
    const remember = () => {
      this.approvedKeys.add(approvalKey);
      if (!file) return;
      try {
        appendKnownHost(file, name, key, hop.hashKnownHosts);
      } catch (error) {
        this.options.log?.(`${this.label}: could not add the host key to ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const where = file ?? 'known_hosts';
    if (hop.strictHostKeyChecking === 'accept-new' || hop.strictHostKeyChecking === 'no') return remember();
    const confirm = this.options.prompts.confirmHostKey;
    if (hop.strictHostKeyChecking === 'yes' || hop.batchMode || !confirm) throw new HostKeyUnknown(this.label, info, where, false);
    timer.pause();
    let approved: boolean;
    try {
      approved = await confirm({
        host: this.label,
        knownHostsName: name,
        keyType: info.type,
        fingerprint: info.fingerprint,
        knownHostsFile: where,
        otherKnownTypes: verdict.otherTypes,
      });
    } finally {
      timer.resume();
    }
    if (!approved) throw new HostKeyUnknown(this.label, info, where, true);
    remember();
  }

  /** Prompts stop the handshake clock: a person may take longer than a timeout to answer. */
  private withPausedTimer(prompts: SshPrompts, timer: PausableTimer): SshPrompts {
    const paused =
      <A extends unknown[], R>(fn: ((...args: A) => Promise<R>) | undefined) =>
      (fn
        ? async (...args: A): Promise<R> => {
            timer.pause();
            try {
              return await fn(...args);
            } finally {
              timer.resume();
            }
          }
        : undefined);
    return {
      confirmHostKey: prompts.confirmHostKey,
      passphrase: paused(prompts.passphrase?.bind(prompts)),
      keyboardInteractive: paused(prompts.keyboardInteractive?.bind(prompts)),
    };
  }
}

function openExec(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)));
    } catch (error) {
      reject(error);
    }
  });
}

function connectTcp(label: string, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new HostUnreachable(label, `no answer from ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const reason =
        error.code === 'ECONNREFUSED'
          ? `nothing listens on ${host}:${port}`
          : error.code === 'ENOTFOUND'
            ? `unknown host name ${host}`
            : `${host}:${port}: ${error.message}`;
      reject(new HostUnreachable(label, reason));
    });
  });
}

/** A timeout that can be paused (while the user answers a prompt). */
class PausableTimer {
  private handle: NodeJS.Timeout | undefined;
  private remaining: number;
  private startedAt = 0;
  private onFire: (() => void) | undefined;
  private pauses = 0;

  constructor(ms: number) {
    this.remaining = ms;
  }

  start(onFire: () => void): void {
    this.onFire = onFire;
    this.resumeClock();
  }

  pause(): void {
    if (this.pauses++ === 0 && this.handle) {
      clearTimeout(this.handle);
      this.handle = undefined;
      this.remaining -= Date.now() - this.startedAt;
    }
  }

  resume(): void {
    if (--this.pauses === 0 && this.onFire) this.resumeClock();
  }

  stop(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
    this.onFire = undefined;
  }

  private resumeClock(): void {
    this.startedAt = Date.now();
    const fire = this.onFire;
    if (fire) this.handle = setTimeout(fire, Math.max(0, this.remaining));
  }
}

/** Counts session channels per connection. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    // A released slot passes straight to the next waiter, so the count never overshoots.
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
