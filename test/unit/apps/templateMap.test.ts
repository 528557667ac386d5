import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTemplateMap, planTemplateMapInsert, type TemplateMapParse } from '../../../src/core/apps/templateMap';
import { applyInsertions } from '../../../src/core/apps/textEdit';
import { FIXTURE_TEMPLATE_MAP, withoutInsertions } from './fixture';

function entries(parsed: TemplateMapParse): [string | undefined, string | undefined][] {
  assert.equal(parsed.kind, 'ok');
  return parsed.kind === 'ok' ? parsed.map.entries.map((e) => [e.key, e.template]) : [];
}

function insert(text: string | undefined): string {
  const insertions = planTemplateMapInsert(text, 'myapp', 'myapp_vnc_job.sh');
  const result = applyInsertions(text ?? '', insertions);
  if (text !== undefined) assert.equal(withoutInsertions(result, insertions), text, 'unrelated bytes changed');
  const parsed = parseTemplateMap(result);
  assert.ok(parsed.kind === 'ok' && parsed.map.entries.some((e) => e.key === 'myapp' && e.template === 'myapp_vnc_job.sh'), result);
  return result;
}

test('(unit) template map: the fixture dict is found past the docstring that mentions it', () => {
  const text = readFileSync(FIXTURE_TEMPLATE_MAP, 'utf8');
  const parsed = parseTemplateMap(text);
  assert.deepEqual(entries(parsed), [['gedit', 'gedit_vnc_job.sh'], ['lsprepost', 'lsprepost_vnc_job.sh']]);
  if (parsed.kind !== 'ok') return;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  assert.equal(lineOf(parsed.map.nameStart), 13);
  assert.deepEqual(parsed.map.entries.map((e) => lineOf(e.start)), [14, 16]);
});

test('(unit) template map: strings of every form, comments, annotations and class bodies', () => {
  const text = [
    's = "JOB_TEMPLATES = {\'fake\': \'x\'}"',
    'class Manager:',
    '    JOB_TEMPLATES: dict[str, str] = {  # id -> template',
    '        "gedit": r"gedit_vnc_job.sh",',
    "        'long'  :  ('long_' 'vnc_job.sh'),",
    "        '''tri''': \"\"\"tri.sh\"\"\",",
    "        'computed': os.path.join('a', 'b'),",
    "        # 'commented': 'nope.sh',",
    "        'esc\\'aped': 'e\\\\x.sh',",
    '    }',
    '',
  ].join('\n');
  assert.deepEqual(entries(parseTemplateMap(text)), [
    ['gedit', 'gedit_vnc_job.sh'],
    ['long', undefined],
    ['tri', 'tri.sh'],
    ['computed', undefined],
    ["esc'aped", 'e\\x.sh'],
  ]);
  assert.deepEqual(entries(parseTemplateMap("JOB_TEMPLATES = {'a': 'x' 'y.sh'}")), [['a', 'xy.sh']]);
  assert.equal(parseTemplateMap('templates = {}\nprint(JOB_TEMPLATES)\n').kind, 'absent');
  assert.equal(parseTemplateMap('JOB_TEMPLATES = dict(a="x")\n').kind, 'unsupported');
  assert.equal(parseTemplateMap('JOB_TEMPLATES = {\n  "a": "x",\n').kind, 'unsupported');
});

test('(unit) template map edit: the fixture keeps every other byte, the line goes after the last entry', () => {
  const before = readFileSync(FIXTURE_TEMPLATE_MAP, 'utf8');
  const after = insert(before);
  assert.ok(after.includes("    'lsprepost': 'lsprepost_vnc_job.sh',\n    'myapp': 'myapp_vnc_job.sh',\n}\n"), after);
});

test('(unit) template map edit: trailing comment, no trailing comma, double quotes, CRLF', () => {
  assert.equal(
    insert('JOB_TEMPLATES = {\r\n  "gedit": "gedit_vnc_job.sh"  # first\r\n}\r\n'),
    'JOB_TEMPLATES = {\r\n  "gedit": "gedit_vnc_job.sh",  # first\r\n  "myapp": "myapp_vnc_job.sh"\r\n}\r\n',
  );
  assert.equal(
    insert("JOB_TEMPLATES = {\n\t'a':'a.sh',\t# tab\n}\n"),
    "JOB_TEMPLATES = {\n\t'a':'a.sh',\t# tab\n\t'myapp':'myapp_vnc_job.sh',\n}\n",
  );
});

test('(unit) template map edit: one-line dicts, hanging indents and empty dicts', () => {
  assert.equal(insert("JOB_TEMPLATES = {'gedit': 'gedit_vnc_job.sh'}\n"), "JOB_TEMPLATES = {'gedit': 'gedit_vnc_job.sh', 'myapp': 'myapp_vnc_job.sh'}\n");
  assert.equal(insert("JOB_TEMPLATES = {'a': 'a.sh',}\n"), "JOB_TEMPLATES = {'a': 'a.sh', 'myapp': 'myapp_vnc_job.sh',}\n");
  assert.equal(
    insert("JOB_TEMPLATES = {'a': 'a.sh',\n                 'b': 'b.sh'}\n"),
    "JOB_TEMPLATES = {'a': 'a.sh',\n                 'b': 'b.sh',\n                 'myapp': 'myapp_vnc_job.sh'}\n",
  );
  assert.equal(insert('JOB_TEMPLATES = {}\n'), "JOB_TEMPLATES = {'myapp': 'myapp_vnc_job.sh'}\n");
  assert.equal(insert('    JOB_TEMPLATES = {\n    }\n'), "    JOB_TEMPLATES = {\n        'myapp': 'myapp_vnc_job.sh',\n    }\n");
});

test('(unit) template map edit: a file without the dict gets one at the end; a missing file is created', () => {
  assert.equal(insert('import os\n'), "import os\n\nJOB_TEMPLATES = {\n    'myapp': 'myapp_vnc_job.sh',\n}\n");
  assert.equal(insert('import os'), "import os\n\nJOB_TEMPLATES = {\n    'myapp': 'myapp_vnc_job.sh',\n}\n");
  assert.equal(insert(undefined), "JOB_TEMPLATES = {\n    'myapp': 'myapp_vnc_job.sh',\n}\n");
  assert.throws(() => planTemplateMapInsert('JOB_TEMPLATES = load()\n', 'myapp', 'x.sh'), /not assigned a dict literal/);
});
