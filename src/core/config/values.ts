// Checks for single configuration values. Each returns the normalised value or a message.
import * as path from 'node:path';
import type { PortRange } from './types';

export type Checked<T> = { ok: true; value: T; warning?: string } | { ok: false; message: string };

const ok = <T>(value: T, warning?: string): Checked<T> => (warning ? { ok: true, value, warning } : { ok: true, value });
const fail = <T>(message: string): Checked<T> => ({ ok: false, message });

export function checkPortRange(value: unknown): Checked<PortRange> {
  let from: number;
  let to: number;
  if (typeof value === 'number') {
    from = to = value;
  } else if (typeof value === 'string') {
    const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(value);
    if (!match) return fail(`${JSON.stringify(value)} is not a port range like 6080-6180`);
    from = Number(match[1]);
    to = Number(match[2]);
  } else {
    return fail('expected a port range like 6080-6180');
  }
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 65535) return fail('ports must be whole numbers from 1 to 65535');
  if (from > to) return fail(`the range starts after it ends (${from} > ${to})`);
  const warning = from < 1024 ? 'ports below 1024 need root on the node' : undefined;
  return ok({ from, to }, warning);
}

const SEGMENT = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;

/** An absolute path on a remote machine, safe to pass to a shell after quoting and free of `..`. */
export function checkRemoteDirectory(value: string): Checked<string> {
  if (!value.startsWith('/')) return fail(`${JSON.stringify(value)} must be an absolute path`);
  const segments = value.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return fail('the root folder "/" cannot be used');
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || !SEGMENT.test(segment)) {
      return fail(`${JSON.stringify(value)} may only hold letters, digits, ".", "_", "+", "-" in each part, and no "." or ".." parts`);
    }
  }
  return ok('/' + segments.join('/'));
}

const ACCOUNT = /^(?:[a-z_][a-z0-9_-]{0,31}|\d{1,10})$/;

export function checkOwner(value: string): Checked<string> {
  const [user, group, extra] = value.split(':');
  if (extra !== undefined || !ACCOUNT.test(user) || (group !== undefined && !ACCOUNT.test(group))) {
    return fail(`${JSON.stringify(value)} is not user[:group] (like root:root)`);
  }
  return ok(value);
}

/** `chmod` mode. Unquoted YAML numbers are read back from the source text so `755` means octal 755. */
export function checkMode(value: unknown, sourceText: string): Checked<string> {
  if (typeof value === 'string') {
    return /^[0-7]{3,4}$/.test(value) ? ok(value) : fail(`${JSON.stringify(value)} is not an octal mode like "755"`);
  }
  if (typeof value === 'number') {
    const digits = sourceText.trim().replace(/^0o/, '');
    if (/^[0-7]{3,4}$/.test(digits)) return ok(digits, `write the mode as a quoted string (${JSON.stringify(digits)}) so it is not read as a number`);
    return fail(`${sourceText.trim()} is not an octal mode like "755"`);
  }
  return fail('expected an octal mode like "755"');
}

export function checkPartition(value: string): Checked<string> {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(value) ? ok(value) : fail(`${JSON.stringify(value)} is not a Slurm partition name`);
}

/** Slurm `--mem`: a whole number with an optional K/M/G/T unit. */
export function checkMemory(value: unknown): Checked<string> {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return fail('expected a memory size like 2G');
  const match = /^([1-9]\d{0,6})([KMGT]?)(i?)$/.exec(text.trim());
  if (!match) return fail(`${JSON.stringify(text)} is not a memory size like 2G or 2048M`);
  return ok(match[1] + match[2]);
}

/** Slurm `--time`: minutes, or [days-]hours:minutes:seconds. */
export function checkTime(value: unknown): Checked<string> {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return fail('expected a time limit like 02:00:00');
  if (/^[1-9]\d{0,5}$/.test(text)) return ok(text);
  const match = /^(?:(\d{1,3})-)?(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(text);
  if (!match) return fail(`${JSON.stringify(text)} is not a time limit like 02:00:00, 1-00:00:00 or 120 (minutes)`);
  return ok(text);
}

export function checkCpus(value: unknown): Checked<number> {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 4096
    ? ok(value)
    : fail('expected a whole number of CPUs from 1 to 4096');
}

/**
 * Path of the session info file on the node. It is written into a job script inside double quotes,
 * so only plain path characters and the `${SESSION_ID}` / `${SLURM_JOB_ID}` references are allowed.
 */
export function checkInfoFile(value: string): Checked<string> {
  if (!value.startsWith('/')) return fail('the info file must be an absolute path');
  const withoutVariables = value.replace(/\$\{(SESSION_ID|SLURM_JOB_ID)\}/g, 'x');
  if (!/^\/[A-Za-z0-9._/+-]*$/.test(withoutVariables) || withoutVariables.split('/').includes('..')) {
    return fail('the info file may only hold path characters and ${SESSION_ID} or ${SLURM_JOB_ID}');
  }
  if (!value.includes('${SESSION_ID}')) return fail('the info file must contain ${SESSION_ID}, or sessions overwrite each other');
  return ok(value);
}

export function checkUrl(value: string): Checked<string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('the backend URL must start with http:// or https://');
  if (url.username || url.password) return fail('the backend URL must not hold credentials');
  return ok(value.replace(/\/+$/, ''));
}

export type PathScope = 'inside' | 'anywhere';

/**
 * Resolves a project path against the workspace folder. Sources (definitions, images, job
 * templates) must stay inside the workspace; the backend's files may live elsewhere (the seed
 * keeps the backend in a sibling folder).
 */
export function checkProjectPath(value: string, root: string, scope: PathScope): Checked<string> {
  if (value.trim() === '') return fail('the path must not be empty');
  if (value.startsWith('~')) return fail('"~" is not expanded here: write a path relative to the workspace folder, or an absolute one');
  if (value.includes('\0')) return fail('the path holds a NUL character');
  const resolved = path.resolve(root, value);
  if (scope === 'inside') {
    const relative = path.relative(root, resolved);
    if (relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) {
      return fail(`${JSON.stringify(value)} leaves the workspace folder; it must stay inside it`);
    }
  }
  return ok(resolved);
}
