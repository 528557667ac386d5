// Typed failures of the host layer. Callers branch on `kind`; `message` is one clear line for users.

/** Keeps embedded remote text (stderr, reasons) on one line and short. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

abstract class HostErrorBase extends Error {
  abstract readonly kind: string;
  /** The host label the failure happened on ("local", an ssh alias, user@host:port). */
  readonly host: string;
  constructor(host: string, message: string) {
    super(message);
    this.host = host;
    this.name = new.target.name;
  }
}

export class HostUnreachable extends HostErrorBase {
  readonly kind = 'unreachable';
  constructor(host: string, readonly reason: string) {
    super(host, `Cannot reach ${host}: ${oneLine(reason)}.`);
  }
}

export class AuthFailed extends HostErrorBase {
  readonly kind = 'auth-failed';
  /** What was offered, in order, e.g. `publickey (agent)`, `publickey (/home/u/.ssh/id_ed25519)`. */
  readonly tried: readonly string[];
  /** Methods the server said it accepts. */
  readonly allowed: readonly string[];
  constructor(host: string, user: string, tried: readonly string[], allowed: readonly string[]) {
    const triedText = tried.length ? tried.join(', ') : 'nothing (no agent, key or prompt available)';
    const allowedText = allowed.length ? `; the server accepts ${allowed.join(', ')}` : '';
    super(host, `Authentication as ${user} on ${host} failed; tried ${triedText}${allowedText}.`);
    this.tried = tried;
    this.allowed = allowed;
  }
}

export interface HostKeyInfo {
  /** Key type as sent by the server, e.g. `ssh-ed25519`. */
  readonly type: string;
  /** OpenSSH style, e.g. `SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU`. */
  readonly fingerprint: string;
}

export class HostKeyUnknown extends HostErrorBase {
  readonly kind = 'host-key-unknown';
  constructor(host: string, readonly key: HostKeyInfo, readonly knownHostsFile: string, readonly declined: boolean) {
    super(
      host,
      declined
        ? `The host key of ${host} (${key.type} ${key.fingerprint}) was not accepted.`
        : `The host key of ${host} (${key.type} ${key.fingerprint}) is not in ${knownHostsFile}; connect once and confirm it, or add it there.`,
    );
  }
}

export class HostKeyChanged extends HostErrorBase {
  readonly kind = 'host-key-changed';
  constructor(host: string, readonly key: HostKeyInfo, readonly file: string, readonly line: number, readonly revoked = false) {
    super(
      host,
      revoked
        ? `The host key of ${host} (${key.type} ${key.fingerprint}) is marked @revoked in ${file}:${line}; refusing to connect.`
        : `The host key of ${host} has changed (now ${key.type} ${key.fingerprint}) and does not match ${file}:${line}; refusing to connect. If the change is expected, remove that line.`,
    );
  }
}

export class CommandFailed extends HostErrorBase {
  readonly kind = 'command-failed';
  constructor(host: string, readonly command: string, readonly exitCode: number | null, readonly stderrTail: string, readonly signal?: string) {
    const how = exitCode === null ? `was killed by ${signal ?? 'a signal'}` : `exited with ${exitCode}`;
    const tail = oneLine(stderrTail.split('\n').filter((l) => l.trim()).slice(-3).join(' | '));
    super(host, `${command} on ${host} ${how}${tail ? `: ${tail}` : ''}.`);
  }
}

export class PermissionDenied extends HostErrorBase {
  readonly kind = 'permission-denied';
  constructor(host: string, readonly what: string, detail?: string) {
    super(host, `Permission denied on ${host}: ${what}${detail ? ` (${oneLine(detail)})` : ''}.`);
  }
}

export class NotFound extends HostErrorBase {
  readonly kind = 'not-found';
  constructor(host: string, readonly path: string) {
    super(host, `${path} does not exist on ${host}.`);
  }
}

export class TimedOut extends HostErrorBase {
  readonly kind = 'timed-out';
  constructor(host: string, readonly what: string, readonly ms: number) {
    super(host, `${what} on ${host} did not finish within ${formatMs(ms)} and was stopped.`);
  }
}

export class Cancelled extends HostErrorBase {
  readonly kind = 'cancelled';
  constructor(host: string, readonly what: string) {
    super(host, `${what} on ${host} was cancelled.`);
  }
}

/** The ssh configuration cannot be used as written (ProxyJump loop, unsupported directive...). */
export class SshConfigProblem extends HostErrorBase {
  readonly kind = 'ssh-config';
  constructor(host: string, detail: string) {
    super(host, `ssh configuration for ${host}: ${oneLine(detail)}.`);
  }
}

/** A value that would reach a command failed its strict pattern. Not tied to a host. */
export class InvalidValue extends Error {
  readonly kind = 'invalid-value';
  constructor(readonly what: string, readonly value: string, readonly expected: string) {
    super(`Invalid ${what} ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}: ${expected}.`);
    this.name = 'InvalidValue';
  }
}

export type HostError =
  | HostUnreachable
  | AuthFailed
  | HostKeyUnknown
  | HostKeyChanged
  | CommandFailed
  | PermissionDenied
  | NotFound
  | TimedOut
  | Cancelled
  | SshConfigProblem;

export function isHostError(error: unknown): error is HostError {
  return error instanceof HostErrorBase;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
