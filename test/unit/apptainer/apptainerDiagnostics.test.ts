import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition } from '../../../src/core/apptainer';
import { at, def, only } from './helpers';

/** Diagnostics Apptainer itself would raise (source `apptainer`). */
function apptainer(text: string) {
  return checkDefinition(text).filter((d) => d.source === 'apptainer');
}

function one(text: string, code: string) {
  const found = only(apptainer(text), code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(apptainer(text))}`);
  assert.equal(found[0].source, 'apptainer');
  return found[0];
}

const valid = def('Bootstrap: docker', 'From: alpine:3.20', '', '%post', '    echo hello', '', '%runscript', '    exec echo "$@"');

test('(unit) apptainer diagnostics: a valid file gets none', () => {
  assert.deepEqual(apptainer(valid), []);
});

test('(unit) apptainer diagnostics: AF001 empty or comment-only file', () => {
  for (const text of ['', '\n\n  \n', def('# nothing', '# here')]) {
    const d = one(text, 'AF001');
    assert.equal(d.severity, 'error');
    assert.equal(at(d.range).slice(0, 4), '1:1-');
  }
  assert.deepEqual(only(apptainer(valid), 'AF001'), []);
});

test('(unit) apptainer diagnostics: AF002 no Bootstrap, empty Bootstrap, text before the first Bootstrap', () => {
  assert.equal(at(one(def('%help', '  Hello'), 'AF002').range), '1:1-1:6');
  assert.match(one(def('Bootstrap:', 'From: alpine:3.20'), 'AF002').message, /no bootstrap specification found/);
  const before = one(def('From: alpine:3.20', 'Bootstrap: docker', 'From: alpine:3.20'), 'AF002');
  assert.equal(at(before.range), '1:1-1:18');
  assert.match(before.message, /before the first "Bootstrap:"/);
  assert.deepEqual(only(apptainer(def('# comment first', 'Bootstrap: docker', 'From: alpine:3.20')), 'AF002'), []);
});

test('(unit) apptainer diagnostics: AF003 invalid header keyword, otherurl<N> accepted', () => {
  const d = one(def('Bootstrap: docker', 'From: alpine:3.20', '  Maintainer: me'), 'AF003');
  assert.equal(d.message, 'invalid header keyword found: maintainer');
  assert.equal(at(d.range), '3:3-3:13');
  assert.deepEqual(only(apptainer(def('Bootstrap: zypper', 'OtherURL12: http://x', 'OSVersion: 15.6')), 'AF003'), []);
  one(def('Bootstrap: zypper', 'OtherURL: http://x'), 'AF003');
});

test('(unit) apptainer diagnostics: AF004 header line without a colon', () => {
  const d = one(def('Bootstrap: docker', 'From: alpine:3.20', 'apt-get install -y vim'), 'AF004');
  assert.match(d.message, /^header key apt-get install -y vim had no val/);
  assert.equal(at(d.range), '3:1-3:23');
  // An empty value has a colon: the parser accepts it (the agent check reports the missing From).
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'From:')), 'AF004'), []);
});

test('(unit) apptainer diagnostics: a continued header value ended by a blank line keeps its value', () => {
  const text = def('Bootstrap: debootstrap', 'OSVersion: bookworm', 'MirrorURL: http://deb.debian.org/debian', 'Include: ca-certificates \\', '', '%post', '  true');
  assert.deepEqual(apptainer(text), []);
});

test('(unit) apptainer diagnostics: AF005 invalid sections, as Apptainer names them', () => {
  const d = one(def('Bootstrap: docker', 'From: alpine:3.20', '%bogus', '  x'), 'AF005');
  assert.match(d.message, /^invalid section\(s\) specified: bogus/);
  assert.equal(at(d.range), '3:1-3:7');
  assert.match(one(def('Bootstrap: docker', 'From: alpine:3.20', '%post', '  echo', '  %runscript'), 'AF005').message, /indented/);
  assert.match(one(def('Bootstrap: docker', 'From: alpine:3.20', '%post\t-c /bin/bash'), 'AF005').message, /post\\t-c/);
  assert.match(one(def('Bootstrap: docker', 'From: alpine:3.20', '%AppRun foo'), 'AF005').message, /AppRun foo/);
  const ok = def('Bootstrap: docker', 'From: alpine:3.20', '%POST', '%Environment', '%labels', '%help', '%test', '%arguments', '%setup', '%pre', '%startscript', '%files');
  assert.deepEqual(only(apptainer(ok), 'AF005'), []);
});

test('(unit) apptainer diagnostics: AF006 app section without an app name', () => {
  const d = one(def('Bootstrap: docker', 'From: alpine:3.20', '%appinstall', '  make'), 'AF006');
  assert.equal(at(d.range), '3:1-3:12');
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'From: alpine:3.20', '%appinstall foo', '  make')), 'AF006'), []);
});

test('(unit) apptainer diagnostics: AF007 -c without a shell in %post, %setup, %pre', () => {
  const d = one(def('Bootstrap: docker', 'From: alpine:3.20', '%post -c', '  true'), 'AF007');
  assert.equal(at(d.range), '3:7-3:9');
  one(def('Bootstrap: docker', 'From: alpine:3.20', '%setup -c # comment', '  true'), 'AF007');
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'From: alpine:3.20', '%post -c /bin/bash', '  true')), 'AF007'), []);
  // Apptainer only evaluates -c for the scripts it runs at build time.
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'From: alpine:3.20', '%runscript -c', '  true')), 'AF007'), []);
});

test('(unit) apptainer diagnostics: AF008 unknown or wrongly-cased bootstrap agent', () => {
  const d = one(def('Bootstrap: Docker', 'From: alpine:3.20'), 'AF008');
  assert.equal(d.message.startsWith('invalid build source Docker'), true);
  assert.match(d.message, /use "docker"/);
  assert.equal(at(d.range), '1:12-1:18');
  const agents = ['docker', 'library', 'oras', 'shub', 'localimage', 'oci', 'oci-archive', 'docker-archive', 'docker-daemon', 'scratch', 'arch'];
  for (const agent of [...agents, 'debootstrap', 'yum', 'dnf', 'zypper', 'busybox', 'buildkit']) {
    assert.deepEqual(only(apptainer(def(`Bootstrap: ${agent}`, 'From: x:1')), 'AF008'), [], agent);
  }
});

test('(unit) apptainer diagnostics: AF009 keys each agent needs', () => {
  const missing = (header: string[]) => only(apptainer(def(...header)), 'AF009').map((d) => d.message.split(':')[0]);
  assert.deepEqual(missing(['Bootstrap: docker']), ['Bootstrap']);
  assert.deepEqual(missing(['Bootstrap: docker', 'From:']), ['Bootstrap']);
  assert.deepEqual(missing(['Bootstrap: oras']), ['Bootstrap']);
  assert.deepEqual(missing(['Bootstrap: debootstrap']), ['invalid debootstrap header, no osversion specified', 'invalid debootstrap header, no mirrorurl specified']);
  assert.deepEqual(missing(['Bootstrap: debootstrap', 'OSVersion: bookworm', 'MirrorURL: http://deb.debian.org/debian']), []);
  assert.deepEqual(missing(['Bootstrap: yum']), ['invalid yum header, no mirrorurl specified']);
  assert.deepEqual(missing(['Bootstrap: yum', 'MirrorURL: http://m/%{OSVERSION}/os']), ['invalid yum header, osversion referenced in mirror but no osversion specified']);
  assert.deepEqual(missing(['Bootstrap: yum', 'OSVersion: 9', 'MirrorURL: http://m/%{OSVERSION}/os']), []);
  assert.deepEqual(missing(['Bootstrap: busybox']), ['invalid busybox header, no mirror url specified']);
  assert.deepEqual(missing(['Bootstrap: zypper']), []);
  assert.deepEqual(missing(['Bootstrap: zypper', 'Product: SLES']), ["for installation of SLE 'Product', 'User' and 'Regcode' need to be set", "for installation of SLE 'Product', 'User' and 'Regcode' need to be set", 'invalid zypper header, OSVersion always required for SLE']);
  assert.deepEqual(missing(['Bootstrap: scratch']), []);
  const d = one(def('Bootstrap: docker', '%post', '  true', 'From: alpine:3.20'), 'AF009');
  assert.equal(at(d.range), '1:12-1:18');
  assert.match(d.message, /line 4 looks like one, but it is inside %post/);
});

test('(unit) apptainer diagnostics: AF015 library or localimage without From is only a warning', () => {
  const library = one(def('Bootstrap: library'), 'AF015');
  assert.deepEqual([library.severity, at(library.range)], ['warning', '1:12-1:19']);
  assert.match(one(def('Bootstrap: localimage'), 'AF015').message, /current folder/);
  assert.deepEqual(only(apptainer(def('Bootstrap: localimage', 'From: base.sif')), 'AF015'), []);
});

test('(unit) apptainer diagnostics: AF010 a docker From that is not an image reference', () => {
  const d = one(def('Bootstrap: docker', 'From: <registry>/<namespace>/<container>:<tag>@<digest>'), 'AF010');
  assert.deepEqual([d.severity, at(d.range)], ['error', '2:7-2:56']);
  assert.match(d.message, /^could not parse reference: <registry>/);
  one(def('Bootstrap: docker', 'From: Ubuntu:22.04'), 'AF010');
  one(def('Bootstrap: docker', 'From: docker://ubuntu:22.04'), 'AF010');
  for (const ok of ['ubuntu', 'ubuntu:22.04', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'localhost:5000/team/app:1', 'docker.io/library/alpine:3.20@sha256:' + '0'.repeat(64), '{{ IMAGE }}']) {
    assert.deepEqual(only(apptainer(def('Bootstrap: docker', `From: ${ok}`, '%arguments', '  IMAGE=x:1')), 'AF010'), [], ok);
  }
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'Registry: registry.example:5000', 'Namespace: team', 'From: app:1')), 'AF010'), []);
});

test('(unit) apptainer diagnostics: AF011 %files from a stage that is not defined earlier', () => {
  const stages = (files: string) =>
    def('Bootstrap: docker', 'From: golang:1.22', 'Stage: build', 'Bootstrap: docker', 'From: alpine:3.20', 'Stage: final', files, '  /app /app');
  assert.deepEqual(only(apptainer(stages('%files from build')), 'AF011'), []);
  const unknown = one(stages('%files from buidl'), 'AF011');
  assert.equal(unknown.message, 'stage buidl was not found (earlier stages: build)');
  assert.equal(at(unknown.range), '7:13-7:18');
  // A later stage: Apptainer starts the build, then finds nothing to copy.
  const later = one(stages('%files from final'), 'AF014');
  assert.deepEqual([later.severity, at(later.range)], ['warning', '7:13-7:18']);
  assert.match(later.message, /not built before this stage/);
});

test('(unit) apptainer diagnostics: AF012 {{ var }} without a default is a warning (--build-arg may supply it)', () => {
  const found = only(apptainer(def('Bootstrap: docker', 'From: {{ BASE }}', '%post', '  echo {{ NAME }} # {{ COMMENTED }}')), 'AF012');
  assert.deepEqual(
    found.map((x) => [x.severity, x.message.split(' ')[2], at(x.range)]),
    [
      ['warning', 'BASE', '2:7-2:17'],
      ['warning', 'NAME', '4:8-4:18'],
    ],
  );
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'From: {{ BASE }}', '%arguments', '  BASE=alpine:3.20')), 'AF012'), []);
  // Defaults belong to their stage.
  const multi = def('Bootstrap: docker', 'From: alpine:3.20', '%arguments', '  HOME=/root', 'Bootstrap: docker', 'From: alpine:3.20', '%post', '  cd {{ HOME }}');
  assert.equal(at(one(multi, 'AF012').range), '8:6-8:16');
});

test('(unit) apptainer diagnostics: templated agents and stage names are checked after substitution, not before', () => {
  const text = def('Bootstrap: {{ AGENT }}', 'From: x:1', 'Stage: one', '%arguments', '  AGENT=docker', 'Bootstrap: docker', 'From: alpine:3.20', '%files from {{ NAME }}', '  /a /b', '%arguments', '  NAME=one');
  assert.deepEqual(apptainer(text), []);
});

test('(unit) apptainer diagnostics: AF013 %files arguments Apptainer ignores', () => {
  const d = one(def('Bootstrap: docker', 'From: alpine:3.20', '%files from', '  /a /b'), 'AF013');
  assert.deepEqual([d.severity, at(d.range)], ['warning', '3:8-3:12']);
  assert.deepEqual(only(apptainer(def('Bootstrap: docker', 'From: alpine:3.20', '%files', '  /a /b')), 'AF013'), []);
});
