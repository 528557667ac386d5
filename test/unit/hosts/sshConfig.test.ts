import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDestination, resolveRoute } from '../../../src/core/hosts';
import { resolveHop } from '../../../src/core/hosts/ssh/config';

/** A fake home with ~/.ssh/config and included files. */
function home(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'af-sshcfg-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const sources = (homeDir: string) => ({ homeDir, systemConfig: null });

test('(unit) hosts ssh config: HostName, User, Port, IdentityFile with tokens, IdentitiesOnly', () => {
  const dir = home({
    '.ssh/config': [
      'Host access',
      '  HostName login.cluster.example',
      '  User alice',
      '  Port 2200',
      '  IdentityFile ~/.ssh/id_%r_%h',
      '  IdentityFile keys/second',
      '  IdentitiesOnly yes',
      'Host *',
      '  User fallback',
      '  IdentityFile ~/.ssh/always',
      '  ServerAliveInterval 5',
    ].join('\n'),
  });
  const hop = resolveHop('access', sources(dir));
  assert.equal(hop.hostName, 'login.cluster.example');
  assert.equal(hop.user, 'alice');
  assert.equal(hop.port, 2200);
  assert.deepEqual(hop.identityFiles, [
    join(dir, '.ssh/id_alice_login.cluster.example'),
    join(dir, '.ssh/keys/second'),
    join(dir, '.ssh/always'),
  ]);
  assert.equal(hop.identitiesOnly, true);
  assert.equal(hop.serverAliveIntervalMs, 5000);
  assert.deepEqual(hop.knownHostsFiles, [join(dir, '.ssh/known_hosts'), join(dir, '.ssh/known_hosts2')]);

  const other = resolveHop('bob@elsewhere:2022', sources(dir));
  assert.deepEqual([other.user, other.hostName, other.port], ['bob', 'elsewhere', 2022]);
  assert.deepEqual(other.identityFiles, [join(dir, '.ssh/always')]);

  const overridden = resolveHop('access', sources(dir), { user: 'carol', port: 22, identityFiles: ['/keys/k'], identitiesOnly: false });
  assert.deepEqual([overridden.user, overridden.port, overridden.identityFiles, overridden.identitiesOnly], ['carol', 22, ['/keys/k'], false]);
});

test('(unit) hosts ssh config: Include with globs, relative to ~/.ssh (also from included files), nested, inside Host blocks', () => {
  const dir = home({
    '.ssh/config': ['Include conf.d/*.conf', 'Host viz*', '  Include ~/.ssh/viz-extra', 'Host other', '  Include other-only', 'Host *', '  User default-user'].join('\n'),
    '.ssh/conf.d/10-access.conf': ['Host access', '  HostName 127.0.0.1', '  Include nested/port'].join('\n'),
    '.ssh/conf.d/20-viz.conf': ['Host viz01', '  HostName viz01.internal'].join('\n'),
    '.ssh/conf.d/.hidden.conf': ['Host access', '  User hidden-must-not-apply'].join('\n'),
    '.ssh/conf.d/ignored.txt': ['Host access', '  User txt-must-not-apply'].join('\n'),
    '.ssh/nested/port': 'Port 2201\n',
    '.ssh/viz-extra': ['User viz-user', 'Host viz01', '  Port 2299'].join('\n'),
    '.ssh/other-only': 'User other-user\n',
  });
  const access = resolveHop('access', sources(dir));
  assert.deepEqual([access.hostName, access.port, access.user], ['127.0.0.1', 2201, 'default-user']);
  const viz = resolveHop('viz01', sources(dir));
  assert.deepEqual([viz.hostName, viz.port, viz.user], ['viz01.internal', 2299, 'viz-user']);
  // Included only inside `Host other`: applies there, nowhere else (access got default-user).
  assert.equal(resolveHop('other', sources(dir)).user, 'other-user');
});

test('(unit) hosts ssh config: ProxyJump chains of any length become hops, as ssh -J would', () => {
  const dir = home({
    '.ssh/config': [
      'Host gateway',
      '  HostName gw.example',
      '  User gw',
      'Host access',
      '  HostName access.internal',
      '  ProxyJump gateway',
      'Host viz01',
      '  HostName viz01.internal',
      '  ProxyJump access',
      'Host viz02',
      '  HostName viz02.internal',
      '  ProxyJump gateway,eve@bastion:2222,access',
      'Host bastion',
      '  ProxyJump must-be-ignored-when-listed',
      'Host direct',
      '  ProxyJump none',
      'Host loop-a',
      '  ProxyJump loop-b',
      'Host loop-b',
      '  ProxyJump loop-a',
    ].join('\n'),
  });
  const names = (target: string) => resolveRoute(target, sources(dir)).map((h) => `${h.user}@${h.hostName}:${h.port}`);
  const me = resolveHop('x', sources(dir)).user;
  assert.deepEqual(names('viz01'), ['gw@gw.example:22', `${me}@access.internal:22`, `${me}@viz01.internal:22`]);
  // gateway, then bastion through gateway, then access through bastion (access's own ProxyJump ignored).
  assert.deepEqual(names('viz02'), ['gw@gw.example:22', 'eve@bastion:2222', `${me}@access.internal:22`, `${me}@viz02.internal:22`]);
  assert.deepEqual(names('direct'), [`${me}@direct:22`]);
  assert.throws(() => resolveRoute('loop-a', sources(dir)), /loops back/);
  assert.deepEqual(resolveRoute('viz01', sources(dir), { proxyJump: 'none' }).length, 1);
});

test('(unit) hosts ssh config: Match exec is never run, ProxyCommand is refused clearly, canonicalization skipped', () => {
  const marker = join(tmpdir(), `af-match-exec-${process.pid}`);
  const dir = home({
    '.ssh/config': [
      `Match exec "touch ${marker}"`,
      '  User from-exec',
      'Match host 127.0.0.1 user root',
      '  Port 2022',
      'Host canon',
      '  CanonicalizeHostName yes',
      '  CanonicalDomains example.org',
      'Host proxied',
      '  ProxyCommand nc %h %p',
      'Host *',
      '  User plain',
    ].join('\n'),
  });
  assert.equal(resolveHop('somewhere', sources(dir)).user, 'plain');
  assert.equal(existsSync(marker), false);
  assert.equal(resolveHop('root@127.0.0.1', sources(dir)).port, 2022);
  assert.equal(resolveHop('canon', sources(dir)).hostName, 'canon');
  assert.throws(() => resolveHop('proxied', sources(dir)), /ProxyCommand is not supported; use ProxyJump/);
});

test('(unit) hosts ssh config: destinations are parsed strictly', () => {
  assert.deepEqual(parseDestination('alice@viz01:2222'), { user: 'alice', host: 'viz01', port: 2222 });
  assert.deepEqual(parseDestination('ssh://viz01'), { user: undefined, host: 'viz01', port: undefined });
  assert.deepEqual(parseDestination('[::1]:22'), { user: undefined, host: '::1', port: 22 });
  for (const bad of ['', 'a b', 'viz01:99999', 'x;y@host', 'host$(id)']) assert.throws(() => parseDestination(bad), /Invalid|expected|not a host/);
});
