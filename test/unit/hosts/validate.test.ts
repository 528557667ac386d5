import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemWith, validated, validatedPort, InvalidValue } from '../../../src/core/hosts';
import { commandArgv } from '../../../src/core/hosts/exec';

test('(unit) hosts validate: identifiers that may reach commands', () => {
  const good: [Parameters<typeof validated>[0], string][] = [
    ['appId', 'gedit'],
    ['appId', 'LS-PrePost_4.10'],
    ['sessionId', 'test-myapp.1'],
    ['nodeName', 'viz-node001'],
    ['nodeName', 'viz01.cluster.example'],
    ['nodeName', '127.0.0.1'],
    ['absolutePath', '/opt/apptainers/apps/gedit/gedit.sif'],
    ['absolutePath', '/tmp/with space/ünï'],
    ['jobId', '12345'],
    ['jobId', '5_3'],
    ['userName', 'alice'],
    ['envName', 'SESSION_ID'],
  ];
  for (const [kind, value] of good) assert.equal(validated(kind, value), value, `${kind} ${value}`);
  const bad: [Parameters<typeof validated>[0], string][] = [
    ['appId', ''],
    ['appId', '../etc'],
    ['appId', '-rf'],
    ['appId', 'a b'],
    ['appId', 'x'.repeat(65)],
    ['sessionId', 'a;b'],
    ['nodeName', 'node$(id)'],
    ['nodeName', '-oProxyCommand=x'],
    ['nodeName', 'a..b'],
    ['absolutePath', 'relative/path'],
    ['absolutePath', '/opt/../etc/passwd'],
    ['absolutePath', '/opt/./x'],
    ['absolutePath', '/tmp/a\nb'],
    ['absolutePath', '/tmp/back\\slash'],
    ['jobId', '12;scancel'],
    ['userName', 'root;'],
    ['envName', '1ABC'],
    ['envName', 'A-B'],
  ];
  for (const [kind, value] of bad) {
    assert.throws(() => validated(kind, value), InvalidValue, `${kind} ${JSON.stringify(value)}`);
    assert.match(problemWith(kind, value) ?? '', /^Invalid /);
  }
  assert.equal(problemWith('appId', 'gedit'), undefined);
  assert.match(problemWith('appId', 'a b') ?? '', /^Invalid app id "a b": use 1 to 64 letters/);
});

test('(unit) hosts validate: ports', () => {
  assert.equal(validatedPort(6080), 6080);
  for (const port of [0, -1, 65536, 1.5, Number.NaN]) assert.throws(() => validatedPort(port), /Invalid port/);
});

test('(unit) hosts validate: the argv run is [sudo -n --] [env NAME=value] argv', () => {
  assert.deepEqual(commandArgv(['id', '-u'], {}), ['id', '-u']);
  assert.deepEqual(commandArgv(['id'], { sudo: true, env: { A: 'x y' } }), ['sudo', '-n', '--', 'env', 'A=x y', 'id']);
  assert.throws(() => commandArgv([], {}), /Invalid command/);
  assert.throws(() => commandArgv(['--help'], {}), /Invalid command/);
  assert.throws(() => commandArgv(['X=1'], {}), /Invalid command/);
  assert.throws(() => commandArgv(['id'], { env: { 'A;B': '1' } }), /Invalid environment variable name/);
});
