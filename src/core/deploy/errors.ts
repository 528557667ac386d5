// Why a deploy to one node failed, as a kind callers branch on and one line a user can act on.
import { isHostError, oneLine } from '../hosts/errors';

export type DeployErrorKind =
  | 'permission-denied'
  | 'no-space'
  | 'sudo-password'
  | 'unreachable'
  | 'checksum-mismatch'
  | 'cancelled'
  | 'invalid'
  | 'failed';

export class DeployError extends Error {
  constructor(
    readonly kind: DeployErrorKind,
    /** The node (host label) the failure happened on. */
    readonly node: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeployError';
  }
}

/** sudo's own refusals under -n (it never prompts): the command did not run at all. */
const SUDO_REFUSED = /^sudo: (a password is required|a terminal is required|.*is not in the sudoers file|.*not allowed to execute)/m;
const NO_SPACE = /No space left on device|Disk quota exceeded|ENOSPC|EDQUOT/i;
const DENIED = /Permission denied|Operation not permitted|Read-only file system|EACCES|EPERM|EROFS/i;

/** Text a remote command printed on stderr, as a typed failure of one step on one node. */
export function classifyStderr(node: string, step: string, stderr: string, fallback = 'failed'): DeployError {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = oneLine(lines.slice(-2).join(' | ')) || fallback;
  if (SUDO_REFUSED.test(stderr)) return sudoNeedsPassword(node);
  if (NO_SPACE.test(stderr)) return new DeployError('no-space', node, `No space left on ${node} while ${step}: ${detail}.`);
  if (DENIED.test(stderr)) return new DeployError('permission-denied', node, `Permission denied on ${node} while ${step}: ${detail}.`);
  return new DeployError('failed', node, `${capitalize(step)} failed on ${node}: ${detail}.`);
}

/** Any error thrown while deploying to `node`, as a DeployError. */
export function toDeployError(node: string, error: unknown, sudo: boolean): DeployError {
  if (error instanceof DeployError) return error;
  if (isHostError(error)) {
    switch (error.kind) {
      case 'unreachable':
      case 'auth-failed':
      case 'host-key-unknown':
      case 'host-key-changed':
      case 'ssh-config':
      case 'timed-out':
        return new DeployError('unreachable', node, error.message);
      case 'cancelled':
        return new DeployError('cancelled', node, `Deploy to ${node} was cancelled.`);
      case 'permission-denied':
        // The host layer rejects with PermissionDenied exactly when `sudo -n` refused to run.
        if (sudo && /sudo -n/.test(error.message)) return sudoNeedsPassword(node);
        return new DeployError('permission-denied', node, error.message);
      case 'command-failed':
        return classifyStderr(node, 'deploying', error.stderrTail);
      case 'not-found':
        return new DeployError('failed', node, error.message);
    }
  }
  if (error instanceof Error && error.name === 'InvalidValue') return new DeployError('invalid', node, error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (NO_SPACE.test(message)) return new DeployError('no-space', node, `No space left on ${node}: ${oneLine(message)}.`);
  return new DeployError('failed', node, `Deploy to ${node} failed: ${oneLine(message)}`);
}

function sudoNeedsPassword(node: string): DeployError {
  return new DeployError(
    'sudo-password',
    node,
    `sudo on ${node} needs a password (deploy runs "sudo -n", which never prompts): allow passwordless sudo for your user there, or deploy to a folder you own with deploy.sudo: false.`,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
