import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJobTemplate } from '../../../src/core/apps/templates';
import { FIXTURE_APP_FOLDER } from '../apps/fixture';
import {
  bytesFromOd,
  decodeVncPasswordFile,
  isLoopbackAddress,
  parseProcNetSockets,
  parseSsSockets,
  sessionIdFor,
  templateJobName,
} from '../../../src/core/sessions';

const seedTemplate = readFileSync(join(FIXTURE_APP_FOLDER, 'slurm_jobs', 'gedit_vnc_job.sh'), 'utf8');

test('(unit) sessions templateJobName reads #SBATCH --job-name of the seed and New App templates', () => {
  assert.equal(templateJobName(seedTemplate), 'gedit_vnc');
  const rendered = renderJobTemplate({
    id: 'myapp',
    resources: { cpus: 1, memory: '1G', partition: 'viz', time: '01:00:00' },
    resolution: '1280x720',
    imagePath: '/opt/apptainers/apps/myapp/myapp.sif',
    infoFile: '/tmp/app_session_${SESSION_ID}.info',
  });
  assert.equal(templateJobName(rendered), 'myapp_vnc');
});

test('(unit) sessions templateJobName takes -J and --job-name NAME, ignores directives after the first command', () => {
  assert.equal(templateJobName('#!/bin/bash\n#SBATCH -J short\n'), 'short');
  assert.equal(templateJobName('#!/bin/bash\n#SBATCH -Jglued\n'), 'glued');
  assert.equal(templateJobName('#!/bin/bash\n# a comment\n#SBATCH --partition=viz --job-name "spaced"   # trailing\n'), 'spaced');
  assert.equal(templateJobName('#!/bin/bash\necho hi\n#SBATCH --job-name=late\n'), undefined);
  assert.equal(templateJobName('#!/bin/bash\n#SBATCH --time=1:00\n'), undefined);
});

test('(unit) sessions decodeVncPasswordFile reads vncpasswd -f output and plain text files', () => {
  // Captured: printf 'secret12\n' | vncpasswd -f | od -An -v -tx1
  assert.equal(decodeVncPasswordFile(bytesFromOd(' 24 b5 ae 4c e1 55 03 c6\n')), 'secret12');
  assert.equal(decodeVncPasswordFile(Buffer.from('plain-pass\n')), 'plain-pass');
  assert.equal(decodeVncPasswordFile(Buffer.from('abc')), 'abc');
  assert.equal(decodeVncPasswordFile(Buffer.from([1, 2, 3])), undefined);
  assert.throws(() => bytesFromOd('zz 01'), /hex/);
});

test('(unit) sessions parseSsSockets and parseProcNetSockets read listening sockets', () => {
  // Captured from `ss -Hltn` on a test machine, plus IPv6 forms.
  const ss = [
    'LISTEN 0      128    127.0.0.1:42222 0.0.0.0:*',
    'LISTEN 0      4096     0.0.0.0:42218 0.0.0.0:*',
    'LISTEN 0      128         [::]:22       [::]:*',
    'LISTEN 0      4096 127.0.0.53%lo:53    0.0.0.0:*',
    'LISTEN 0      5              *:6080       *:*',
    '',
  ].join('\n');
  assert.deepEqual(parseSsSockets(ss), [
    { address: '127.0.0.1', port: 42222 },
    { address: '0.0.0.0', port: 42218 },
    { address: '::', port: 22 },
    { address: '127.0.0.53', port: 53 },
    { address: '*', port: 6080 },
  ]);
  const proc = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:A4EE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 312709 1 0 100 0 0 10 0',
    '   1: 00000000:A4EA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 148036 1 0 100 0 0 10 0',
    '   2: 0100007F:A4EE 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 148037 1 0 100 0 0 10 0',
    '   0: 00000000000000000000000001000000:17C0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1 0',
  ].join('\n');
  assert.deepEqual(parseProcNetSockets(proc), [
    { address: '127.0.0.1', port: 42222 },
    { address: '0.0.0.0', port: 42218 },
    { address: '::1', port: 6080 },
  ]);
  assert.equal(isLoopbackAddress('127.0.0.1'), true);
  assert.equal(isLoopbackAddress('::1'), true);
  assert.equal(isLoopbackAddress('0.0.0.0'), false);
});

test('(unit) sessions sessionIdFor makes valid ids from any app id', () => {
  assert.match(sessionIdFor('gedit'), /^af-gedit-[0-9a-z]{10}$/);
  assert.match(sessionIdFor('LS.PrePost'), /^af-ls-prepost-[0-9a-z]{10}$/);
  assert.notEqual(sessionIdFor('gedit'), sessionIdFor('gedit'));
});
