import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRegistry } from '../../../src/core/apps/registry';
import { planRegistryInsert } from '../../../src/core/apps/registryEdit';
import { applyInsertions } from '../../../src/core/apps/textEdit';
import { FIXTURE_REGISTRY, withoutInsertions } from './fixture';

const ENTRY = {
  id: 'myapp',
  name: 'My App',
  resources: { cpus: 2, memory: '2Gi', partition: 'viz' },
  job_template: 'myapp_vnc_job.sh',
};

function insert(text: string | undefined): string {
  const insertions = planRegistryInsert(text, ENTRY);
  const result = applyInsertions(text ?? '', insertions);
  if (text !== undefined) assert.equal(withoutInsertions(result, insertions), text, 'unrelated bytes changed');
  const parsed = parseRegistry(result);
  assert.ok(parsed.kind === 'ok', 'the result is valid');
  assert.equal(parsed.entries[parsed.entries.length - 1].id, 'myapp');
  return result;
}

test('(unit) registry edit: the fixture keeps every other byte, and the entry follows its style', () => {
  const before = readFileSync(FIXTURE_REGISTRY, 'utf8');
  const after = insert(before);
  const expectedTail = [
    '      "job_template": "lsprepost_vnc_job.sh"',
    '    },',
    '    {',
    '      "id": "myapp",',
    '      "name": "My App",',
    '      "resources": { "cpus": 2, "memory": "2Gi", "partition": "viz" },',
    '      "job_template": "myapp_vnc_job.sh"',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
  assert.ok(after.endsWith(expectedTail), after);
  assert.equal(after.slice(0, before.lastIndexOf('}\n  ]')), before.slice(0, before.lastIndexOf('}\n  ]')));
});

test('(unit) registry edit: tabs, CRLF and expanded nested objects are kept', () => {
  const before = '{\r\n\t"apps": [\r\n\t\t{\r\n\t\t\t"id": "gedit",\r\n\t\t\t"resources": {\r\n\t\t\t\t"cpus": 2\r\n\t\t\t}\r\n\t\t}\r\n\t],\r\n\t"version": 1\r\n}\r\n';
  const after = insert(before);
  assert.equal(
    after,
    '{\r\n\t"apps": [\r\n\t\t{\r\n\t\t\t"id": "gedit",\r\n\t\t\t"resources": {\r\n\t\t\t\t"cpus": 2\r\n\t\t\t}\r\n\t\t},\r\n' +
      '\t\t{\r\n\t\t\t"id": "myapp",\r\n\t\t\t"name": "My App",\r\n\t\t\t"resources": {\r\n\t\t\t\t"cpus": 2,\r\n\t\t\t\t"memory": "2Gi",\r\n\t\t\t\t"partition": "viz"\r\n\t\t\t},\r\n\t\t\t"job_template": "myapp_vnc_job.sh"\r\n\t\t}\r\n' +
      '\t],\r\n\t"version": 1\r\n}\r\n',
  );
});

test('(unit) registry edit: one-line entries stay one line each; a one-line file stays one line', () => {
  assert.equal(
    insert('{"apps": [\n  {"id": "a", "name": "A"}\n]}\n'),
    '{"apps": [\n  {"id": "a", "name": "A"},\n  {"id": "myapp", "name": "My App", "resources": {"cpus": 2, "memory": "2Gi", "partition": "viz"}, "job_template": "myapp_vnc_job.sh"}\n]}\n',
  );
  assert.equal(
    insert('{"apps":[{"id":"a"}]}'),
    '{"apps":[{"id":"a"}, {"id":"myapp", "name":"My App", "resources":{"cpus":2, "memory":"2Gi", "partition":"viz"}, "job_template":"myapp_vnc_job.sh"}]}',
  );
});

test('(unit) registry edit: empty array, missing "apps" and missing file', () => {
  assert.equal(
    insert('{\n  "apps": []\n}\n'),
    '{\n  "apps": [\n    {\n      "id": "myapp",\n      "name": "My App",\n      "resources": {\n        "cpus": 2,\n        "memory": "2Gi",\n        "partition": "viz"\n      },\n      "job_template": "myapp_vnc_job.sh"\n    }\n  ]\n}\n',
  );
  const withoutApps = insert('{\n  "version": 2\n}\n');
  assert.ok(withoutApps.startsWith('{\n  "version": 2,\n  "apps": [\n    {\n      "id": "myapp",'), withoutApps);
  const created = insert(undefined);
  assert.deepEqual(JSON.parse(created), { apps: [ENTRY] });
});

test('(unit) registry edit: invalid JSON is refused with its position', () => {
  assert.throws(() => planRegistryInsert('{"apps": [\n  {"id": "a"},\n]}', ENTRY), /invalid JSON at 3:1/);
  assert.throws(() => planRegistryInsert('{"apps": {}}', ENTRY), /"apps" is not an array/);
});
