import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition, codeActions, completions, documentSymbols, foldingRanges, hover } from '../../../src/core/apptainer';
import { applyEdits, at, def } from './helpers';

const text = def(
  'Bootstrap: docker',
  'From: ubuntu:22.04',
  'Stage: final',
  '',
  '%post',
  '    export DEBIAN_FRONTEND=noninteractive',
  '    apt-get update && apt-get install vim',
  '',
  '%appinstall gedit',
  '    true',
  '%runscript',
  '    exec gedit',
  '%apprun gedit',
  '    exec gedit',
);

test('(unit) hover: sections, header keys and bootstrap agents', () => {
  const section = hover(text, { line: 4, character: 2 });
  assert.equal(section && at(section.range), '5:1-5:6');
  assert.match(section?.contents ?? '', /^\*\*%post\*\*/);
  assert.match(hover(text, { line: 8, character: 3 })?.contents ?? '', /%appinstall gedit/);
  assert.match(hover(text, { line: 1, character: 1 })?.contents ?? '', /\*\*From:\*\* \(header\)/);
  const agent = hover(text, { line: 0, character: 13 });
  assert.match(agent?.contents ?? '', /Bootstrap: docker[\s\S]*Required: `From:`/);
  assert.equal(agent && at(agent.range), '1:12-1:18');
  assert.equal(hover(text, { line: 6, character: 8 }), undefined);
});

test('(unit) completion: section names after %, app sections ask for a name', () => {
  const items = completions(def('Bootstrap: docker', 'From: a:1', '%ap'), { line: 2, character: 3 });
  const appinstall = items.find((i) => i.label === '%appinstall');
  assert.equal(appinstall?.insertText, '%appinstall ${1:app}');
  assert.equal(appinstall && at(appinstall.range), '3:1-3:4');
  assert.equal(items.find((i) => i.label === '%post')?.insertText, '%post');
  assert.equal(items.length, 19);
});

test('(unit) completion: header keywords in the header, not the ones already there', () => {
  const doc = def('Bootstrap: docker', 'Fr', '%post');
  const labels = completions(doc, { line: 1, character: 2 }).map((i) => i.label);
  assert.ok(labels.includes('From:') && labels.includes('MirrorURL:') && labels.includes('Stage:'));
  assert.ok(!labels.includes('Bootstrap:'));
  assert.deepEqual(completions(def('Bootstrap: docker', 'From: a:1', '%post', '  ap'), { line: 3, character: 4 }), []);
});

test('(unit) completion: agents after "Bootstrap:" insert their required keys', () => {
  const items = completions('Bootstrap: deb', { line: 0, character: 14 });
  const debootstrap = items.find((i) => i.label === 'debootstrap');
  assert.equal(debootstrap?.insertText, 'debootstrap\nOSVersion: ${1:bookworm}\nMirrorURL: ${2:http://deb.debian.org/debian}');
  assert.equal(debootstrap && at(debootstrap.range), '1:12-1:15');
  assert.equal(items.find((i) => i.label === 'scratch')?.insertText, 'scratch');
  const docker = completions(def('Bootstrap: ', 'From: a:1'), { line: 0, character: 11 }).find((i) => i.label === 'docker');
  assert.equal(docker?.insertText, 'docker');
});

test('(unit) symbols: stage → header and sections → app', () => {
  const [stage] = documentSymbols(text);
  assert.equal(stage.name, 'stage final');
  assert.equal(stage.detail, 'docker ubuntu:22.04');
  assert.deepEqual(
    stage.children.map((c) => [c.kind, c.name]),
    [
      ['header', 'Bootstrap'],
      ['header', 'From'],
      ['header', 'Stage'],
      ['section', '%post'],
      ['app', 'app gedit'],
      ['section', '%runscript'],
    ],
  );
  const app = stage.children[4];
  assert.deepEqual(app.children.map((c) => c.name), ['%appinstall', '%apprun']);
  assert.equal(at(app.range), '9:1-14:15');
  assert.equal(at(app.selectionRange), '9:13-9:18');
});

test('(unit) folding: one range per section with a body', () => {
  assert.deepEqual(foldingRanges(text), [
    { startLine: 0, endLine: 2 },
    { startLine: 4, endLine: 6 },
    { startLine: 8, endLine: 9 },
    { startLine: 10, endLine: 11 },
    { startLine: 12, endLine: 13 },
  ]);
});

test('(unit) code actions: add -y, append the apt cleanup, suppress on this line', () => {
  const diagnostics = checkDefinition(text);
  const line7 = { start: { line: 6, character: 30 }, end: { line: 6, character: 30 } };
  const actions = codeActions(text, line7, diagnostics);
  assert.deepEqual(
    actions.map((a) => [a.title, a.preferred]),
    [
      ['Add -y', true],
      ['Remove the apt lists after the install', true],
      ['Suppress AFL001 on this line', false],
      ['Suppress AFL002 on this line', false],
    ],
  );
  const fixed = applyEdits(text, actions[0].edits);
  assert.equal(fixed.split('\n')[6], '    apt-get update && apt-get install -y vim');
  const cleaned = applyEdits(text, actions[1].edits).split('\n');
  assert.deepEqual(cleaned.slice(6, 8), ['    apt-get update && apt-get install vim', '    rm -rf /var/lib/apt/lists/*']);
  const suppressed = applyEdits(text, actions[2].edits);
  assert.equal(suppressed.split('\n')[6], '    # appframework-ignore AFL001');
  assert.deepEqual(checkDefinition(applyEdits(text, [...actions[0].edits])).filter((d) => d.code === 'AFL001'), []);
  assert.deepEqual(checkDefinition(suppressed).filter((d) => d.code === 'AFL001'), []);
});

test('(unit) code actions: a second suppression joins the pragma above', () => {
  const once = def('Bootstrap: docker', 'From: ubuntu:22.04', '%post', '    # appframework-ignore AFL001', '    apt-get install vim');
  const [d] = checkDefinition(once).filter((x) => x.code === 'AFL003');
  const suppress = codeActions(once, d.range, [d]).find((a) => a.title === 'Suppress AFL003 on this line');
  assert.equal(applyEdits(once, suppress?.edits ?? []).split('\n')[3], '    # appframework-ignore AFL001,AFL003');
});

test('(unit) code actions: apt → apt-get, remove sudo, add --no-cache-dir', () => {
  const doc = def('Bootstrap: docker', 'From: ubuntu:22.04', '%post', '    sudo -E apt install -y vim', '    pip install numpy');
  const all = codeActions(doc, { start: { line: 3, character: 0 }, end: { line: 4, character: 20 } });
  const fixes = all.filter((a) => a.preferred);
  const fixed = applyEdits(doc, fixes.filter((a) => a.code !== 'AFL002').flatMap((a) => a.edits));
  assert.deepEqual(fixed.split('\n').slice(3, 5), ['    apt-get install -y vim', '    pip install --no-cache-dir numpy']);
});
