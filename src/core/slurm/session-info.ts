// The session info file a job template writes on its node (KEY=VALUE lines):
// JOB_ID, NODE, VNC_PORT, SESSION_ID, STATUS, START_TIME, NODE_IP, and, where the template
// provides one, a password file (VNC_PASSWORD_FILE / PASSWORD_FILE) or value (VNC_PASSWORD / PASSWORD).
import { hasControlCharacter, SlurmInputError, SlurmParseError } from './errors';
import { epochToDate } from './time';
import { isValidIp, validateNodeName, validatePort, validateSessionId } from './validate';

const WHAT = 'session info file';

export type SessionPassword =
  | { readonly kind: 'file'; readonly path: string }
  /** Kept out of logs: see `describeSessionInfo`. */
  | { readonly kind: 'value'; readonly value: string };

export interface SessionInfo {
  readonly jobId: number;
  readonly node: string;
  readonly vncPort: number;
  readonly sessionId: string;
  /** As the template writes it, e.g. `running`. */
  readonly status?: string;
  readonly startTime?: Date;
  /** The node's address as the node reported it; absent when the template wrote none. */
  readonly nodeIp?: string;
  readonly password?: SessionPassword;
}

export interface SessionInfoExpectations {
  readonly sessionId?: string;
  readonly jobId?: number;
}

const REQUIRED = ['JOB_ID', 'NODE', 'VNC_PORT', 'SESSION_ID'] as const;

/** Thrown while the file is still being written: the caller may read it again. */
export class SessionInfoIncompleteError extends SlurmParseError {
  constructor(readonly missing: readonly string[]) {
    super(WHAT, `no ${missing.join(', ')} (yet)`);
  }
}

export function parseSessionInfo(text: string, expect: SessionInfoExpectations = {}): SessionInfo {
  const values = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new SlurmParseError(WHAT, `expected KEY=VALUE, got ${JSON.stringify(line.slice(0, 40))}`, `line ${i + 1}`);
    const [, key, rawValue] = m;
    if (values.has(key)) throw new SlurmParseError(WHAT, `${key} appears twice`, `line ${i + 1}`);
    values.set(key, unquote(rawValue));
  });
  const missing = REQUIRED.filter((key) => !values.get(key));
  if (missing.length > 0) throw new SessionInfoIncompleteError(missing);

  const field = <T>(key: string, read: (value: string) => T): T => {
    try {
      return read(values.get(key) as string);
    } catch (error) {
      const why = error instanceof SlurmInputError ? error.reason : error instanceof Error ? error.message : String(error);
      throw new SlurmParseError(WHAT, `${key}: ${why}`);
    }
  };
  const jobId = field('JOB_ID', (v) => {
    if (!/^[1-9]\d{0,9}$/.test(v)) throw new Error(`expected a job id, got ${JSON.stringify(v.slice(0, 20))}`);
    return Number(v);
  });
  const node = field('NODE', validateNodeName);
  const vncPort = field('VNC_PORT', (v) => {
    if (!/^\d{1,5}$/.test(v)) throw new Error(`expected a port number, got ${JSON.stringify(v.slice(0, 20))}`);
    return validatePort(Number(v), 'VNC_PORT');
  });
  const sessionId = field('SESSION_ID', validateSessionId);
  if (expect.sessionId !== undefined && sessionId !== expect.sessionId) {
    throw new SlurmParseError(WHAT, `belongs to session ${JSON.stringify(sessionId)}, not ${JSON.stringify(expect.sessionId)}`);
  }
  if (expect.jobId !== undefined && jobId !== expect.jobId) {
    throw new SlurmParseError(WHAT, `belongs to job ${jobId}, not ${expect.jobId} (left over from an earlier session?)`);
  }
  const startText = values.get('START_TIME');
  let startTime: Date | undefined;
  if (startText) {
    if (!/^\d{1,12}$/.test(startText)) throw new SlurmParseError(WHAT, `START_TIME: expected epoch seconds, got ${JSON.stringify(startText.slice(0, 20))}`);
    startTime = epochToDate(Number(startText));
  }
  // `hostname -I | awk '{print $1}'` prints nothing on a node without addresses.
  const ipText = values.get('NODE_IP');
  if (ipText && !isValidIp(ipText)) throw new SlurmParseError(WHAT, `NODE_IP: expected an IP address, got ${JSON.stringify(ipText.slice(0, 40))}`);

  return {
    jobId,
    node,
    vncPort,
    sessionId,
    status: values.get('STATUS') || undefined,
    startTime,
    nodeIp: ipText || undefined,
    password: readPassword(values),
  };
}

function readPassword(values: Map<string, string>): SessionPassword | undefined {
  const file = values.get('VNC_PASSWORD_FILE') || values.get('PASSWORD_FILE');
  if (file) {
    if (!file.startsWith('/') || hasControlCharacter(file)) throw new SlurmParseError(WHAT, 'password file: expected an absolute path');
    return { kind: 'file', path: file };
  }
  const value = values.get('VNC_PASSWORD') || values.get('PASSWORD');
  return value ? { kind: 'value', value } : undefined;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** For logs and messages: everything but the password value. */
export function describeSessionInfo(info: SessionInfo): string {
  const password = info.password === undefined ? 'none' : info.password.kind === 'file' ? `file ${info.password.path}` : 'value (hidden)';
  return `session ${info.sessionId}: job ${info.jobId} on ${info.node}${info.nodeIp ? ` (${info.nodeIp})` : ''}, VNC port ${info.vncPort}, password ${password}`;
}

export const DEFAULT_INFO_FILE_PATTERN = '/tmp/app_session_${SESSION_ID}.info';

/** The info file of a session, from the configured pattern such as `/tmp/app_session_${SESSION_ID}.info`. */
export function infoFilePath(pattern: string, sessionId: string): string {
  const id = validateSessionId(sessionId);
  const placeholder = '${SESSION_ID}';
  if (!pattern.startsWith('/')) throw new SlurmInputError('info file pattern', pattern, "expected an absolute path (starting with '/')");
  if (!pattern.includes(placeholder)) throw new SlurmInputError('info file pattern', pattern, `expected ${placeholder} in it`);
  const rest = pattern.split(placeholder).join('');
  if (!/^[A-Za-z0-9_./-]*$/.test(rest) || rest.includes('$')) {
    throw new SlurmInputError('info file pattern', pattern, `use letters, digits, '/', '.', '_', '-' and ${placeholder} only`);
  }
  if (pattern.split('/').some((segment) => segment === '..')) throw new SlurmInputError('info file pattern', pattern, "'..' is not allowed");
  return pattern.split(placeholder).join(id);
}
