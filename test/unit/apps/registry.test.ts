import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRegistry } from '../../../src/core/apps/registry';
import { FIXTURE_REGISTRY } from './fixture';

test('(unit) registry: the fixture apps.json gives each entry with the line where it starts', () => {
  const parsed = parseRegistry(readFileSync(FIXTURE_REGISTRY, 'utf8'));
  assert.equal(parsed.kind, 'ok');
  if (parsed.kind !== 'ok') return;
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.entries.map((e) => [e.id, e.range.start.line, e.range.start.character, e.jobTemplate]), [
    ['gedit', 2, 4, 'gedit_vnc_job.sh'],
    ['lsprepost', 11, 4, 'lsprepost_vnc_job.sh'],
  ]);
  assert.deepEqual(parsed.entries[1].resources, { cpus: 4, memory: '8Gi', partition: 'viz' });
  assert.deepEqual(parsed.entries[0].display, { type: 'novnc', resolution: '1280x720' });
  assert.equal(parsed.entries[1].name, 'LS-PrePost');
});

test('(unit) registry: invalid JSON is reported at its position', () => {
  const parsed = parseRegistry('{\n  "apps": [\n    { "id": "gedit", }\n  ]\n}\n');
  assert.equal(parsed.kind, 'invalid');
  if (parsed.kind !== 'invalid') return;
  assert.deepEqual(parsed.range.start, { line: 2, character: 21 });
  assert.match(parsed.message, /invalid JSON/);
});

test('(unit) registry: entries without id, duplicates and wrong types are problems, a bare array is accepted', () => {
  const parsed = parseRegistry('[\n {"name": "no id"},\n {"id": "a", "job_template": 3},\n {"id": "a"},\n 7\n]');
  assert.equal(parsed.kind, 'ok');
  if (parsed.kind !== 'ok') return;
  assert.deepEqual(parsed.entries.map((e) => e.id), ['a']);
  assert.deepEqual(parsed.problems.map((p) => [p.code, p.range.start.line]), [
    ['registry/no-id', 1], ['registry/type', 2], ['registry/duplicate', 3], ['registry/type', 4],
  ]);
  const missing = parseRegistry('{"services": []}');
  assert.ok(missing.kind === 'invalid' && /no "apps" array/.test(missing.message));
});
