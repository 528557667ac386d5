import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArgv, inspectArgv, runArgv, sandboxShellArgv, sessionEnv } from '../../../src/core/build';
import { choosePorts, parseListeningPorts } from '../../../src/core/build';

test('(unit) build argv: force by default, sandbox and fakeroot as asked, build args, image then def', () => {
  assert.deepEqual(buildArgv({ image: '/w/gedit.sif', definition: '/w/apptainer/gedit.def' }), ['apptainer', 'build', '--force', '/w/gedit.sif', '/w/apptainer/gedit.def']);
  assert.deepEqual(buildArgv({ image: '/w/gedit_sandbox', definition: '/w/gedit.def', sandbox: true, fakeroot: true, force: false, buildArgs: { VERSION: '1.2 beta' } }), [
    'apptainer',
    'build',
    '--sandbox',
    '--fakeroot',
    '--build-arg',
    'VERSION=1.2 beta',
    '/w/gedit_sandbox',
    '/w/gedit.def',
  ]);
});

test('(unit) build argv: relative paths, option-like paths and bad build-arg names are refused before anything runs', () => {
  assert.throws(() => buildArgv({ image: 'gedit.sif', definition: '/w/gedit.def' }), /Invalid path "gedit.sif"/);
  assert.throws(() => buildArgv({ image: '/w/x.sif', definition: '/w/../etc/x.def' }), /Invalid path/);
  assert.throws(() => buildArgv({ image: '/w/x.sif', definition: '/w/x.def', buildArgs: { 'A B': '1' } }), /environment variable name/);
  assert.throws(() => buildArgv({ image: '/w/x.sif', definition: '/w/x.def', buildArgs: { A: 'one\ntwo' } }), /one line/);
});

test('(unit) run argv: --cleanenv and --env per variable; the VNC display follows its port', () => {
  const env = sessionEnv(5907, 6093);
  assert.deepEqual(env, { VNC_PORT: '5907', WEBSOCKIFY_PORT: '6093', VNC_RESOLUTION: '1280x720', DISPLAY: ':7' });
  assert.deepEqual(runArgv({ image: '/opt/apptainers/apps/gedit/gedit.sif', env }), [
    'apptainer', 'run', '--cleanenv',
    '--env', 'VNC_PORT=5907', '--env', 'WEBSOCKIFY_PORT=6093', '--env', 'VNC_RESOLUTION=1280x720', '--env', 'DISPLAY=:7',
    '/opt/apptainers/apps/gedit/gedit.sif',
  ]);
  // apptainer splits --env values on commas: such a value would set another variable.
  assert.throws(() => runArgv({ image: '/x.sif', env: { A: '1,B=2' } }), /without commas/);
  assert.throws(() => sessionEnv(5900, 6080), /5901 to 5999/);
  assert.throws(() => sessionEnv(5901, 6080, '1280x720; rm'), /WIDTHxHEIGHT/);
});

test('(unit) inspect and sandbox shell argv', () => {
  assert.deepEqual(inspectArgv('/opt/apptainers/vnc.sif'), ['apptainer', 'inspect', '--json', '--all', '/opt/apptainers/vnc.sif']);
  assert.deepEqual(sandboxShellArgv('/w/gedit_sandbox', true), ['apptainer', 'shell', '--writable', '--fakeroot', '/w/gedit_sandbox']);
});

test('(unit) free ports for a local run come from /proc/net/tcp: LISTEN sockets only, v4 and v6', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:17C1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
    '   1: 0100007F:17C2 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1',
    '   0: 00000000000000000000000001000000:1770 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 3 1 0 100 0 0 10 0',
  ].join('\n');
  const ports = parseListeningPorts(text);
  assert.deepEqual([...ports].sort(), [6081, 6000].sort());
  // 5901 (0x170D) is free; 6081 (0x17C1) listens, 6082 is only a connection.
  const chosen = choosePorts(ports, { min: 6081, max: 6082 }, () => 0);
  assert.deepEqual(chosen, { vnc: 5901, websockify: 6082 });
  assert.equal(choosePorts(new Set([6081]), { min: 6081, max: 6081 }), undefined);
});
