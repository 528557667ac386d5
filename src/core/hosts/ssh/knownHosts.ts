// known_hosts as OpenSSH reads and writes it: `[host]:port` names for ports other than 22,
// hashed `|1|salt|hash` names (HMAC-SHA1), wildcard and negated patterns, @revoked markers.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchesPatternList } from './patterns';

export interface KnownHostEntry {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly marker?: 'revoked' | 'cert-authority';
  /** The host field as written (patterns or a hashed name). */
  readonly hosts: string;
  readonly keyType: string;
  readonly key: Buffer;
}

export type HostKeyVerdict =
  | { readonly status: 'known'; readonly file: string; readonly line: number }
  | { readonly status: 'changed'; readonly file: string; readonly line: number }
  | { readonly status: 'revoked'; readonly file: string; readonly line: number }
  /** `otherTypes`: key types known for this name besides the offered one. */
  | { readonly status: 'unknown'; readonly otherTypes: readonly string[] };

/** The name known_hosts uses: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as `HashKnownHosts yes` writes it. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

/** OpenSSH's fingerprint: `SHA256:` and unpadded base64 of the key blob's digest. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return length > 0 && length < 64 && key.length >= 4 + length ? key.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return;
    entries.push({ file, line: index + 1, marker, hosts, keyType, key: Buffer.from(base64, 'base64') });
  });
  return entries;
}

/** Whether an entry's host field names `name` (hashed, or a comma-separated pattern list). */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return hashHostName(name, Buffer.from(salt, 'base64')) === hosts;
  }
  return matchesPatternList(hosts.split(','), name);
}

export function readKnownHosts(files: readonly string[]): KnownHostEntry[] {
  return files.flatMap((file) => {
    try {
      return parseKnownHosts(fs.readFileSync(file, 'utf8'), file);
    } catch {
      return [];
    }
  });
}

/** What known_hosts says about `key` offered under `name`. */
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const type = keyTypeOf(key);
  const forName = entries.filter((e) => e.marker !== 'cert-authority' && hostFieldMatches(e.hosts, name));
  const revoked = forName.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
  const plain = forName.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { status: 'known', file: same.file, line: same.line };
  const changed = plain.find((e) => e.keyType === type);
  if (changed) return { status: 'changed', file: changed.file, line: changed.line };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

/** Appends `name keytype base64` (name hashed when asked) to `file`, creating it (and ~/.ssh) if needed. */
export function appendKnownHost(file: string, name: string, key: Buffer, hash: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const existing = fs.readFileSync(file);
    if (existing.length && existing[existing.length - 1] !== 0x0a) prefix = '\n';
  } catch {
    // New file.
  }
  const host = hash ? hashHostName(name) : name;
  fs.appendFileSync(file, `${prefix}${host} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

/** Host key algorithms to ask the server for, known types first (so a known key is offered). */
export function preferredHostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const all = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa',
  ];
  const algorithmsOf = (type: string) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]);
  const first = knownTypes.flatMap(algorithmsOf).filter((a) => all.includes(a));
  return [...new Set([...first, ...all])];
}
