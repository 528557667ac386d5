import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefinition } from '../../../src/core/apptainer';
import { at, def } from './helpers';

test('(unit) parser: header entries keep colons in values, drop comments and lower-case keys', () => {
  const model = parseDefinition(def('Bootstrap: docker', 'FROM:  ubuntu:22.04   # the base', '# a comment', '', 'Stage: build'));
  assert.equal(model.stages.length, 1);
  const [bootstrap, from, stage] = model.stages[0].header;
  assert.deepEqual([bootstrap.key, bootstrap.value], ['bootstrap', 'docker']);
  assert.deepEqual([from.key, from.rawKey, from.value], ['from', 'FROM', 'ubuntu:22.04']);
  assert.equal(at(from.keyRange), '2:1-2:5');
  assert.equal(at(from.valueRange), '2:8-2:20');
  assert.equal(model.stages[0].name, 'build');
  assert.equal(stage.line, 4);
  assert.deepEqual(model.problems, []);
});

test('(unit) parser: a value ending in a backslash continues on the next line', () => {
  const model = parseDefinition(def('Bootstrap: debootstrap', 'OSVersion: bookworm', 'MirrorURL: http://deb.debian.org/debian', 'Include: tigervnc-standalone-server \\', '  websockify'));
  const include = model.stages[0].header[3];
  // Apptainer keeps the space before the backslash and trims the next line.
  assert.equal(include.value, 'tigervnc-standalone-server websockify');
  assert.equal(at(include.range), '4:1-5:13');
});

test('(unit) parser: sections with names, app names, arguments and body ranges', () => {
  const text = def(
    'Bootstrap: docker',
    'From: alpine:3.20',
    '',
    '%post -c /bin/bash',
    '    echo hi',
    '',
    '%APPRUN foo',
    '%apprun  foo',
    '%apprun gedit extra',
    '    exec gedit',
    '%Files from build',
    '    /a /b',
    '',
  );
  const sections = parseDefinition(text).stages[0].sections;
  assert.deepEqual(
    sections.map((s) => [s.name, s.kind, s.appName, s.args]),
    [
      ['post', 'standard', undefined, '-c /bin/bash'],
      ['APPRUN foo', 'invalid', undefined, ''],
      ['apprun', 'app', '', ''],
      ['apprun', 'app', 'gedit', ''],
      ['files', 'standard', undefined, 'from build'],
    ],
  );
  const post = sections[0];
  assert.equal(at(post.nameRange), '4:1-4:6');
  assert.equal(post.argsRange && at(post.argsRange), '4:7-4:19');
  assert.deepEqual([post.bodyStartLine, post.bodyEndLine, post.lastContentLine], [4, 5, 4]);
  assert.equal(sections[3].appNameRange && at(sections[3].appNameRange), '9:9-9:14');
});

test('(unit) parser: upper-case standard sections are valid, indented section headers are not', () => {
  const model = parseDefinition(def('Bootstrap: docker', 'From: alpine:3.20', '%POST', '  true', '  %runscript', '  true'));
  const [post, indented] = model.stages[0].sections;
  assert.deepEqual([post.name, post.kind], ['post', 'standard']);
  assert.deepEqual([indented.name, indented.kind], ['', 'invalid']);
  assert.equal(at(model.problems[0].range), '5:3-5:13');
});

test('(unit) parser: stages start at every "bootstrap:" in the first column, whatever the case', () => {
  const model = parseDefinition(
    def('# builder', 'Bootstrap: docker', 'From: golang:1.22', 'Stage: build', '%post', '  go build', 'BOOTSTRAP: docker', 'From: alpine:3.20', '%files from build', '  /a /b'),
  );
  assert.equal(model.stages.length, 2);
  assert.deepEqual(
    model.stages.map((s) => [s.startLine, s.endLine, s.name, s.bootstrap?.value]),
    [
      [1, 5, 'build', 'docker'],
      [6, 10, undefined, 'docker'],
    ],
  );
  assert.equal(model.stages[0].sections[0].bodyEndLine, 5);
});

test('(unit) parser: an indented Bootstrap in the first stage still is its header', () => {
  const model = parseDefinition(def('   Bootstrap: docker', 'From: alpine:3.20'));
  assert.equal(model.stages.length, 1);
  assert.equal(model.stages[0].bootstrap?.value, 'docker');
  assert.equal(model.stages[0].startsWithBootstrap, false);
});

test('(unit) parser: CRLF line endings are read like LF', () => {
  const model = parseDefinition('Bootstrap: docker\r\nFrom: alpine:3.20\r\n%post\r\n  echo hi\r\n');
  assert.equal(model.stages[0].header[1].value, 'alpine:3.20');
  assert.equal(model.stages[0].sections[0].name, 'post');
  assert.deepEqual(model.problems, []);
});

test('(unit) parser: comment-only text before Bootstrap is not a stage', () => {
  const model = parseDefinition(def('# comment', '', 'Bootstrap: docker', 'From: alpine:3.20'));
  assert.equal(model.stages.length, 1);
  assert.equal(model.stages[0].startLine, 2);
});
