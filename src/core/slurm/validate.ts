// Every value that reaches a Slurm command line or a remote path is checked here first.
import { isIP } from 'node:net';
import { hasControlCharacter, SlurmInputError } from './errors';

const JOB_ID = /^[1-9][0-9]{0,9}$/;
const JOB_REF = /^[1-9][0-9]{0,9}(?:_(?:[0-9]{1,10}|\[[0-9]{1,10}(?:-[0-9]{1,10})?(?:,[0-9]{1,10}(?:-[0-9]{1,10})?)*\]))?$/;
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const APP_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const NAME_PART = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}';
const PARTITION = new RegExp(`^${NAME_PART}(?:,${NAME_PART})*$`);
const JOB_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+:@-]{0,127}$/;
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const NODE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9])?$/;
const CLUSTER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
// Slurm's --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
const TIME = /^(?:[0-9]{1,6}(?::[0-9]{1,2}){0,2}|[0-9]{1,4}-[0-9]{1,2}(?::[0-9]{1,2}){0,2})$/;

export const PORT_MIN = 1024;
export const PORT_MAX = 65535;

function check(field: string, value: unknown, ok: boolean, reason: string): void {
  if (!ok) throw new SlurmInputError(field, value, reason);
}

/** A plain numeric job id (also the id of one array task, as squeue's JobID shows it). */
export function validateJobId(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  check('job id', value, typeof text === 'string' && JOB_ID.test(text) && Number(text) <= 0xfffffffe, 'expected a number like 1234');
  return text as string;
}

/** A job id as scancel and scontrol take it: `1234`, `1234_5` or `1234_[1-3]`. */
export function validateJobRef(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  check('job id', value, typeof text === 'string' && JOB_REF.test(text), 'expected 1234, 1234_5 or 1234_[1-3]');
  return text as string;
}

export function validateSessionId(value: unknown): string {
  check('session id', value, typeof value === 'string' && SESSION_ID.test(value), "use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  return value as string;
}

export function validateAppId(value: unknown): string {
  check('app id', value, typeof value === 'string' && APP_ID.test(value), "use up to 32 lower-case letters, digits, '_' or '-'");
  return value as string;
}

export function validatePort(value: unknown, field = 'port'): number {
  check(field, value, typeof value === 'number' && Number.isInteger(value) && value >= PORT_MIN && value <= PORT_MAX, `expected a whole number from ${PORT_MIN} to ${PORT_MAX}`);
  return value as number;
}

export function validatePartition(value: unknown): string {
  check('partition', value, typeof value === 'string' && PARTITION.test(value), "use letters, digits, '.', '_' or '-' (several separated by commas)");
  return value as string;
}

export function validateJobName(value: unknown): string {
  check('job name', value, typeof value === 'string' && JOB_NAME.test(value), "use up to 128 letters, digits or '_.+:@-', without spaces");
  return value as string;
}

export function validateUserName(value: unknown): string {
  check('user name', value, typeof value === 'string' && USER_NAME.test(value), "use letters, digits, '.', '_' or '-'");
  return value as string;
}

export function validateNodeName(value: unknown): string {
  check('node name', value, typeof value === 'string' && NODE_NAME.test(value), 'expected a host name');
  return value as string;
}

export function validateClusterName(value: unknown): string {
  check('cluster name', value, typeof value === 'string' && CLUSTER.test(value), "use letters, digits, '.', '_' or '-'");
  return value as string;
}

/** A time limit: whole minutes, or one of Slurm's forms (`30`, `2:00:00`, `1-12:00`). */
export function validateTimeLimit(value: unknown): string {
  if (typeof value === 'number') {
    check('time limit', value, Number.isInteger(value) && value > 0 && value <= 999_999, 'expected whole minutes greater than 0');
    return String(value);
  }
  check('time limit', value, typeof value === 'string' && TIME.test(value), 'expected minutes, H:MM:SS or D-HH:MM:SS');
  return value as string;
}

/**
 * A file path handed to a Slurm command as one argument. The runner quotes it; here we refuse what
 * quoting cannot make safe or what a command would read as an option.
 */
export function validatePath(value: unknown, field = 'path', { absolute = false } = {}): string {
  check(field, value, typeof value === 'string' && value.length > 0 && value.length <= 4096, 'expected a non-empty path');
  const text = value as string;
  check(field, value, !hasControlCharacter(text), 'control characters are not allowed');
  check(field, value, !text.startsWith('-'), "a path may not start with '-'");
  if (absolute) check(field, value, text.startsWith('/'), "expected an absolute path (starting with '/')");
  return text;
}

export function isValidIp(value: string): boolean {
  return isIP(value) !== 0;
}
