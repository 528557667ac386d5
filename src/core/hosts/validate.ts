// Strict patterns for identifiers that reach commands (app ids, session ids, node names, paths,
// ports). Values are checked before they are quoted: quoting keeps the shell safe, validation keeps
// `rm -rf /opt/apptainers/apps/<app>` from ever meaning something else.
import { InvalidValue } from './errors';

export type IdentifierKind =
  | 'appId'
  | 'sessionId'
  | 'nodeName'
  | 'absolutePath'
  | 'jobId'
  | 'userName'
  | 'envName';

interface Rule {
  readonly what: string;
  readonly expected: string;
  test(value: string): boolean;
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

const rules: Record<IdentifierKind, Rule> = {
  appId: {
    what: 'app id',
    expected: 'use 1 to 64 letters, digits, "_", "-" or ".", starting with a letter or digit',
    test: (v) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v),
  },
  sessionId: {
    what: 'session id',
    expected: 'use 1 to 128 letters, digits, "_", "-" or ".", starting with a letter or digit',
    test: (v) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v),
  },
  nodeName: {
    what: 'node name',
    expected: 'use a host name: dot-separated labels of letters, digits, "-" and "_"',
    test: (v) => v.length <= 253 && v.split('.').every((label) => HOST_LABEL.test(label)),
  },
  absolutePath: {
    what: 'path',
    expected: 'use an absolute path without "." or ".." parts, control characters or backslashes',
    test: (v) =>
      v.length <= 4096 &&
      v.startsWith('/') &&
      ![...v].some((c) => c < ' ' || c === '\x7f' || c === '\\') &&
      v.split('/').every((part) => part !== '.' && part !== '..'),
  },
  jobId: {
    what: 'Slurm job id',
    expected: 'use digits, optionally followed by "_" and an array index',
    test: (v) => /^[0-9]{1,12}(?:_[0-9]{1,9})?$/.test(v),
  },
  userName: {
    what: 'user name',
    expected: 'use letters, digits, "_", "." or "-", starting with a letter or "_" (at most 32)',
    test: (v) => /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/.test(v),
  },
  envName: {
    what: 'environment variable name',
    expected: 'use letters, digits and "_", not starting with a digit',
    test: (v) => /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(v),
  },
};

/** What is wrong with `value` as a `kind`, or undefined when it is valid (for input boxes). */
export function problemWith(kind: IdentifierKind, value: string): string | undefined {
  const rule = rules[kind];
  return rule.test(value) ? undefined : new InvalidValue(rule.what, value, rule.expected).message;
}

/** Returns `value` when it is a valid `kind`; throws InvalidValue otherwise. */
export function validated(kind: IdentifierKind, value: string): string {
  const rule = rules[kind];
  if (typeof value !== 'string' || !rule.test(value)) throw new InvalidValue(rule.what, String(value), rule.expected);
  return value;
}

/** Returns `port` when it is an integer TCP port (1-65535); throws InvalidValue otherwise. */
export function validatedPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidValue('port', String(port), 'use a whole number from 1 to 65535');
  }
  return port;
}
