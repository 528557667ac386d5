import { randomBytes } from 'node:crypto';
import { validateAppId, validateSessionId } from './validate';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new session id, `af-<app>-<10 random characters>`: readable in squeue and file names, unique
 * enough that two launches never share an info file. `random` is for tests.
 */
export function newSessionId(appId: string, random: (size: number) => Uint8Array = randomBytes): string {
  const app = validateAppId(appId);
  const bytes = random(10);
  let suffix = '';
  // 36 * 7 = 252: dropping bytes of 252 and above keeps every character equally likely.
  for (let i = 0; suffix.length < 10; i++) {
    const byte = i < bytes.length ? bytes[i] : random(1)[0];
    if (byte < 252) suffix += ALPHABET[byte % 36];
  }
  return validateSessionId(`af-${app}-${suffix}`);
}

/** The app a session id made by `newSessionId` belongs to, if it is one. */
export function appOfSessionId(sessionId: string): string | undefined {
  const m = /^af-([a-z0-9][a-z0-9_-]{0,31})-[0-9a-z]{10}$/.exec(sessionId);
  return m ? m[1] : undefined;
}
