import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appOfSessionId,
  chooseFreePort,
  DEFAULT_INFO_FILE_PATTERN,
  describeSessionInfo,
  infoFilePath,
  newSessionId,
  parsePortRange,
  parseSessionInfo,
  SessionInfoIncompleteError,
  SlurmInputError,
  SlurmParseError,
  validateSessionId,
} from '../../../src/core/slurm';
import { fixture } from './fixtures';

test('(unit) session info: the file the job template wrote on the node (captured through srun)', () => {
  const info = parseSessionInfo(fixture('22.05/srun-cat-info.stdout'), { sessionId: 'af-gedit-q7w2e9', jobId: 12 });
  assert.deepEqual(info, {
    jobId: 12,
    node: 'vm',
    vncPort: 6090,
    sessionId: 'af-gedit-q7w2e9',
    status: 'running',
    startTime: new Date(1796064913_000),
    nodeIp: '127.0.0.1',
    password: undefined,
  });
});

test('(unit) session info: password file or value, quotes, comments, empty NODE_IP', () => {
  const base = 'JOB_ID=5\nNODE=viz-node001\nVNC_PORT=6081\nSESSION_ID=af-x-1\nSTATUS=running\nSTART_TIME=1796064741\n';
  const withFile = parseSessionInfo(`# written by the job\n${base}NODE_IP=\nVNC_PASSWORD_FILE="/home/alice/.vnc/af-x-1.passwd"\n`);
  assert.deepEqual(withFile.password, { kind: 'file', path: '/home/alice/.vnc/af-x-1.passwd' });
  assert.equal(withFile.nodeIp, undefined);
  assert.deepEqual(parseSessionInfo(`${base}PASSWORD_FILE=/tmp/p\n`).password, { kind: 'file', path: '/tmp/p' });
  const withValue = parseSessionInfo(`${base}NODE_IP=::1\r\nVNC_PASSWORD='s3cr3t pw'\n`);
  assert.deepEqual(withValue.password, { kind: 'value', value: 's3cr3t pw' });
  assert.equal(withValue.nodeIp, '::1');
  // The password never shows in a description meant for logs.
  const described = describeSessionInfo(withValue);
  assert.ok(!described.includes('s3cr3t'));
  assert.match(described, /session af-x-1: job 5 on viz-node001 \(::1\), VNC port 6081, password value \(hidden\)/);
  // Unknown keys from other templates are ignored.
  assert.equal(parseSessionInfo(`${base}DISPLAY=:1\n`).vncPort, 6081);
});

test('(unit) session info: half-written file is SessionInfoIncompleteError; bad values are SlurmParseError', () => {
  assert.throws(() => parseSessionInfo('JOB_ID=5\nNODE=vm\n'), (e: unknown) => e instanceof SessionInfoIncompleteError && e.missing.join() === 'VNC_PORT,SESSION_ID');
  assert.throws(() => parseSessionInfo(''), SessionInfoIncompleteError);
  const base = { JOB_ID: '5', NODE: 'vm', VNC_PORT: '6081', SESSION_ID: 'af-x-1' };
  const file = (over: Record<string, string>) => Object.entries({ ...base, ...over }).map(([k, v]) => `${k}=${v}`).join('\n');
  const cases: Array<[string, RegExp]> = [
    [file({ VNC_PORT: '80' }), /VNC_PORT: expected a whole number from 1024/],
    [file({ VNC_PORT: '6081; rm -rf /' }), /VNC_PORT: expected a port number/],
    [file({ VNC_PORT: '99999' }), /VNC_PORT/],
    [file({ NODE: 'vm;reboot' }), /NODE: expected a host name/],
    [file({ NODE: '-oProxyCommand=x' }), /NODE: expected a host name/],
    [file({ SESSION_ID: '../../x' }), /SESSION_ID/],
    [file({ JOB_ID: 'abc' }), /JOB_ID: expected a job id/],
    [file({ NODE_IP: '300.0.0.1' }), /NODE_IP: expected an IP address/],
    [file({ START_TIME: 'yesterday' }), /START_TIME: expected epoch seconds/],
    [file({ VNC_PASSWORD_FILE: 'relative/p' }), /password file: expected an absolute path/],
    [`${file({})}\nJOB_ID=6`, /JOB_ID appears twice/],
    [`${file({})}\nthis is not a pair`, /line 5.*expected KEY=VALUE/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSessionInfo(text), (e: unknown) => e instanceof SlurmParseError && message.test(e.message), String(message));
  }
  assert.throws(() => parseSessionInfo(file({}), { sessionId: 'af-y-2' }), /belongs to session "af-x-1", not "af-y-2"/);
  assert.throws(() => parseSessionInfo(file({}), { jobId: 6 }), /belongs to job 5, not 6/);
});

test('(unit) info file path: rendered from the configured pattern with a validated id', () => {
  assert.equal(infoFilePath(DEFAULT_INFO_FILE_PATTERN, 'af-gedit-k3j9x2m4p1'), '/tmp/app_session_af-gedit-k3j9x2m4p1.info');
  assert.equal(infoFilePath('/scratch/sessions/${SESSION_ID}/info', 'test-myapp'), '/scratch/sessions/test-myapp/info');
  for (const id of ['../etc', 'a/b', 'a b', '$(id)', '', '.hidden']) {
    assert.throws(() => infoFilePath(DEFAULT_INFO_FILE_PATTERN, id), SlurmInputError, id);
  }
  for (const pattern of ['tmp/app_${SESSION_ID}', '/tmp/app.info', '/tmp/$HOME/${SESSION_ID}', '/tmp/../etc/${SESSION_ID}', '/tmp/a b/${SESSION_ID}', '/tmp/`id`${SESSION_ID}']) {
    assert.throws(() => infoFilePath(pattern, 'af-x-1'), SlurmInputError, pattern);
  }
});

test('(unit) session id: af-<app>-<random>, always valid, random part evenly drawn', () => {
  const id = newSessionId('gedit');
  assert.match(id, /^af-gedit-[0-9a-z]{10}$/);
  assert.equal(validateSessionId(id), id);
  assert.equal(appOfSessionId(id), 'gedit');
  assert.equal(appOfSessionId('test-session'), undefined);
  assert.notEqual(newSessionId('gedit'), newSessionId('gedit'));
  // Bytes of 252 and above are dropped, so each character stays equally likely.
  const bytes = [255, 252, 0, 1, 35, 36, 71, 251, 10, 11, 12, 13];
  let calls = 0;
  const fixed = newSessionId('ls-prepost', (size) => Uint8Array.from(bytes.slice(calls, (calls += size))));
  assert.equal(fixed, 'af-ls-prepost-01z0zzabcd');
  for (const app of ['Gedit', 'my app', '', 'a/b', '-x', 'x'.repeat(33)]) assert.throws(() => newSessionId(app), SlurmInputError, app);
});

test('(unit) ports: a free port in the configured range, never one in use', () => {
  assert.deepEqual(parsePortRange('6080-6180'), { min: 6080, max: 6180 });
  assert.deepEqual(parsePortRange({ min: 7000, max: 7000 }), { min: 7000, max: 7000 });
  for (const bad of ['6180-6080', '80-90', '6080', '6080-70000', 'a-b', '6080-6180;']) assert.throws(() => parsePortRange(bad), SlurmInputError, bad);

  assert.deepEqual(chooseFreePort('6080-6089', [], () => 0), { kind: 'ok', port: 6080 });
  assert.deepEqual(chooseFreePort('6080-6089', [6085, 6086], () => 0.5), { kind: 'ok', port: 6087 });
  // Wraps around to the start of the range.
  assert.deepEqual(chooseFreePort('6080-6089', [6089], () => 0.99), { kind: 'ok', port: 6080 });
  const inUse = new Set([6080, 6081, 6082, 6083]);
  for (let i = 0; i < 50; i++) {
    const choice = chooseFreePort('6080-6084', inUse);
    assert.deepEqual(choice, { kind: 'ok', port: 6084 });
  }
  assert.deepEqual(chooseFreePort('6080-6081', [6080, 6081]), { kind: 'exhausted', range: { min: 6080, max: 6081 } });
  // Random starts spread launches over the range.
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const choice = chooseFreePort('6080-6180', []);
    assert.equal(choice.kind, 'ok');
    if (choice.kind === 'ok') seen.add(choice.port);
  }
  assert.ok(seen.size > 20, `only ${seen.size} distinct ports`);
});
