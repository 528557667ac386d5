import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/core/config';
import { checkAnswers, knownHostKeys, splitHostList, sshConfigAliases, withClusterHosts } from '../../../src/core/onboarding';

test('(unit) configure cluster: a new appframework.yaml is the template with the answers, and reads back as them', () => {
  const text = withClusterHosts(undefined, { access: 'af-access', viz: ['viz-node001', 'alice@viz2.cluster.test:2222'] });
  assert.match(text, /^ {2}access: af-access +# where builds/m);
  assert.match(text, /^ {2}viz: \[viz-node001, alice@viz2\.cluster\.test:2222\] # deploy targets/m);
  const { config, diagnostics } = parseConfig(text, '/project');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(config.hosts.access.text, 'af-access');
  assert.deepEqual(config.hosts.viz.map((v) => v.text), ['viz-node001', 'alice@viz2.cluster.test:2222']);
});

test('(unit) configure cluster: an existing file keeps its comments and layout; only the two values change', () => {
  const before = '# team settings\nhosts:\n  access: local   # here\n  viz:\n    - old1 # first\n    - old2   # second\ndeploy: { root: /srv/apps }\n';
  assert.equal(
    withClusterHosts(before, { access: 'login01', viz: ['viz1', 'viz2'] }),
    '# team settings\nhosts:\n  access: login01   # here\n  viz:\n    - viz1\n    - viz2   # second\ndeploy: { root: /srv/apps }\n',
  );
  assert.equal(withClusterHosts('hosts: { viz: [a], access: b } # flow\n', { access: 'c', viz: ['d', 'e'] }), 'hosts: { viz: [d, e], access: c } # flow\n');
  // No hosts section yet: it is added, the rest stays.
  const added = withClusterHosts('paths:\n  images: out\n', { access: 'x', viz: ['y'] });
  assert.match(added, /^paths:\n {2}images: out\nhosts:\n {2}access: x\n {2}viz: \[ y \]\n$/);
  // A value YAML would misread is quoted.
  assert.match(withClusterHosts('hosts:\n  access: a\n  viz: [b]\n', { access: 'u@[::1]:22', viz: ['b'] }), /access: "u@\[::1\]:22"/);
});

test('(unit) configure cluster: invalid answers and invalid YAML are refused with a clear message', () => {
  assert.throws(() => checkAnswers({ access: 'two words', viz: ['v'] }), /The access host "two words" is not/);
  assert.throws(() => checkAnswers({ access: 'local', viz: [] }), /at least one visualization node/);
  assert.throws(() => withClusterHosts('hosts: [', { access: 'a', viz: ['b'] }), /not valid YAML/);
  assert.throws(() => withClusterHosts('- a list\n', { access: 'a', viz: ['b'] }), /does not hold a mapping/);
  assert.deepEqual(splitHostList(' viz1, viz2  viz3,,'), ['viz1', 'viz2', 'viz3']);
});

test('(unit) configure cluster: ssh config aliases to choose from, and the host keys known for a target', () => {
  assert.deepEqual(sshConfigAliases('Host login01 viz-* !bad\n  HostName 127.0.0.2\nHost viz-node001\nMatch all\n  User x\n'), ['login01', 'viz-node001']);
  const dir = mkdtempSync(join(tmpdir(), 'af-hostkeys-'));
  const known = join(dir, 'known_hosts');
  const key = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 1)]);
  writeFileSync(known, `[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}\nother ssh-ed25519 ${key.toString('base64')}\n`);
  const config = join(dir, 'config');
  writeFileSync(config, `Host viz\n  HostName 127.0.0.1\n  Port 2222\n  User alice\n  UserKnownHostsFile ${known}\n  GlobalKnownHostsFile none\n`);
  const found = knownHostKeys('viz', { userConfig: config, systemConfig: null });
  assert.equal(found.name, '[127.0.0.1]:2222');
  assert.equal(found.destination, 'alice@127.0.0.1:2222');
  assert.deepEqual(found.keys.map((k) => [k.type, k.line]), [['ssh-ed25519', 1]]);
  assert.match(found.keys[0].fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
});
