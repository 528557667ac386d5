import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  hashHostName,
  hostFieldMatches,
  keyTypeOf,
  knownHostName,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
} from '../../../src/core/hosts/ssh/knownHosts';

const work = mkdtempSync(join(tmpdir(), 'af-known-'));

/** A real ed25519 public key from ssh-keygen: [type, base64, blob]. */
function newKey(name: string): { line: string; blob: Buffer; file: string } {
  const file = join(work, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  const [type, base64] = readFileSync(`${file}.pub`, 'utf8').split(' ');
  return { line: `${type} ${base64}`, blob: Buffer.from(base64, 'base64'), file };
}
const keyA = newKey('a');
const keyB = newKey('b');

test('(unit) hosts known_hosts: names, fingerprints and key types agree with OpenSSH', () => {
  assert.equal(knownHostName('viz01', 22), 'viz01');
  assert.equal(knownHostName('127.0.0.1', 2222), '[127.0.0.1]:2222');
  const expected = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${keyA.file}.pub`], { encoding: 'utf8' }).split(' ')[1];
  assert.equal(fingerprint(keyA.blob), expected);
  assert.equal(keyTypeOf(keyA.blob), 'ssh-ed25519');
});

test('(unit) hosts known_hosts: hashed names match what ssh-keygen -H writes', () => {
  const file = join(work, 'hashed');
  writeFileSync(file, `[127.0.0.1]:2222 ${keyA.line}\nviz01 ${keyB.line}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  const entries = parseKnownHosts(readFileSync(file, 'utf8'), file);
  assert.equal(entries.length, 2);
  assert.ok(entries.every((e) => e.hosts.startsWith('|1|')));
  assert.ok(hostFieldMatches(entries[0].hosts, '[127.0.0.1]:2222'));
  assert.ok(!hostFieldMatches(entries[0].hosts, '127.0.0.1'));
  assert.ok(hostFieldMatches(entries[1].hosts, 'viz01'));
  // Our hash of a name is found by OpenSSH.
  const ours = join(work, 'ours');
  writeFileSync(ours, `${hashHostName('[localhost]:2200')} ${keyA.line}\n`);
  assert.match(execFileSync('ssh-keygen', ['-F', '[localhost]:2200', '-f', ours], { encoding: 'utf8' }), /ssh-ed25519/);
});

test('(unit) hosts known_hosts: patterns, negation, markers and verdicts with file and line', () => {
  const file = '/home/u/.ssh/known_hosts';
  const text = [
    '# comment',
    '',
    `*.cluster.example,!bad.cluster.example ${keyA.line}`,
    `[127.0.0.1]:2222 ${keyB.line}`,
    `@revoked revoked.example ${keyA.line}`,
    `@cert-authority *.example ${keyB.line}`,
    'garbage line',
  ].join('\n');
  const entries = parseKnownHosts(text, file);
  assert.deepEqual(entries.map((e) => e.line), [3, 4, 5, 6]);
  assert.deepEqual(checkHostKey(entries, 'viz01.cluster.example', keyA.blob), { status: 'known', file, line: 3 });
  assert.deepEqual(checkHostKey(entries, 'VIZ01.Cluster.Example', keyA.blob), { status: 'known', file, line: 3 });
  assert.deepEqual(checkHostKey(entries, 'viz01.cluster.example', keyB.blob), { status: 'changed', file, line: 3 });
  assert.deepEqual(checkHostKey(entries, 'bad.cluster.example', keyA.blob), { status: 'unknown', otherTypes: [] });
  assert.deepEqual(checkHostKey(entries, '[127.0.0.1]:2222', keyA.blob), { status: 'changed', file, line: 4 });
  assert.deepEqual(checkHostKey(entries, '127.0.0.1', keyB.blob), { status: 'unknown', otherTypes: [] });
  assert.deepEqual(checkHostKey(entries, 'revoked.example', keyA.blob), { status: 'revoked', file, line: 5 });
  // A cert-authority line does not make a host known.
  assert.deepEqual(checkHostKey(entries, 'x.example', keyB.blob), { status: 'unknown', otherTypes: [] });
});

test('(unit) hosts known_hosts: appending creates the file, adds a missing newline, hashes on request', () => {
  const file = join(work, 'new', 'known_hosts');
  appendKnownHost(file, '[127.0.0.1]:2222', keyA.blob, false);
  assert.equal(readFileSync(file, 'utf8'), `[127.0.0.1]:2222 ${keyA.line}\n`);
  writeFileSync(file, `other ${keyB.line}`);
  appendKnownHost(file, 'viz01', keyA.blob, true);
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.equal(lines[0], `other ${keyB.line}`);
  assert.match(lines[1], /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
  assert.deepEqual(checkHostKey(parseKnownHosts(lines.join('\n'), file), 'viz01', keyA.blob), { status: 'known', file, line: 2 });
});

test('(unit) hosts known_hosts: host key algorithms put the known types first', () => {
  assert.equal(preferredHostKeyAlgorithms([])[0], 'ssh-ed25519');
  assert.deepEqual(preferredHostKeyAlgorithms(['ssh-rsa']).slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  assert.equal(preferredHostKeyAlgorithms(['ecdsa-sha2-nistp256'])[0], 'ecdsa-sha2-nistp256');
});
