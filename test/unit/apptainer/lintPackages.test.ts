import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition, LINT_RULES } from '../../../src/core/apptainer';
import { at, def, only } from './helpers';

const header = ['Bootstrap: docker', 'From: ubuntu:22.04', ''];
/** The file with `post` as its %post body (starting on line 5). */
const post = (...body: string[]) => def(...header, '%post', ...body);
const lint = (text: string, code: string) => only(checkDefinition(text), code);

test('(unit) lint: every rule has a unique AFL code, a severity and a summary', () => {
  const codesSeen = LINT_RULES.map((r) => r.code);
  assert.equal(new Set(codesSeen).size, codesSeen.length);
  for (const rule of LINT_RULES) {
    assert.match(rule.code, /^AFL\d{3}$/);
    assert.ok(['error', 'warning', 'info'].includes(rule.severity));
    assert.ok(rule.summary.length > 5);
  }
});

test('(unit) lint AFL001: apt-get install without -y', () => {
  const [d] = lint(post('    export DEBIAN_FRONTEND=noninteractive', '    apt-get update && apt-get install vim'), 'AFL001');
  assert.deepEqual([d.severity, d.source, at(d.range)], ['warning', 'appframework-lint', '6:23-6:38']);
  for (const ok of ['apt-get install -y vim', 'apt-get -qq install vim', 'apt-get install --yes vim', 'apt-get -yq install vim', 'yes | apt-get install vim', 'apt-get -o APT::Get::Assume-Yes=true install vim']) {
    assert.deepEqual(lint(post('    export DEBIAN_FRONTEND=noninteractive', `    ${ok}`), 'AFL001'), [], ok);
  }
  // Continued lines are one command: the -y on the next line counts.
  assert.deepEqual(lint(post('    export DEBIAN_FRONTEND=noninteractive', '    apt-get install \\', '        -y vim'), 'AFL001'), []);
});

test('(unit) lint AFL002: apt lists left in the final image', () => {
  const [d] = lint(post('    export DEBIAN_FRONTEND=noninteractive', '    apt-get update', '    apt-get install -y vim'), 'AFL002');
  assert.deepEqual([d.severity, at(d.range)], ['info', '7:5-7:20']);
  assert.deepEqual(lint(post('    apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*'), 'AFL002'), []);
  // Only the last stage becomes the image.
  const builder = def('Bootstrap: docker', 'From: ubuntu:22.04', '%post', '  apt-get install -y gcc', 'Bootstrap: docker', 'From: ubuntu:22.04', '%post', '  true');
  assert.deepEqual(lint(builder, 'AFL002'), []);
});

test('(unit) lint AFL003: apt-get install without DEBIAN_FRONTEND=noninteractive', () => {
  const [d] = lint(post('    apt-get install -y tzdata'), 'AFL003');
  assert.deepEqual([d.severity, at(d.range)], ['warning', '5:5-5:20']);
  assert.deepEqual(lint(post('    export DEBIAN_FRONTEND=noninteractive', '    apt-get install -y tzdata'), 'AFL003'), []);
  assert.deepEqual(lint(post('    DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata'), 'AFL003'), []);
  assert.deepEqual(lint(post('    DEBIAN_FRONTEND=noninteractive', '    export DEBIAN_FRONTEND', '    apt-get install -y tzdata'), 'AFL003'), []);
  // A plain assignment is not exported: apt-get never sees it.
  assert.equal(lint(post('    DEBIAN_FRONTEND=noninteractive', '    apt-get install -y tzdata'), 'AFL003').length, 1);
  // %post sections of a stage are one script.
  assert.deepEqual(lint(def(...header, '%post', '  export DEBIAN_FRONTEND=noninteractive', '%post', '  apt-get install -y tzdata'), 'AFL003'), []);
});

test('(unit) lint AFL004: apt in a script', () => {
  const [d] = lint(post('    export DEBIAN_FRONTEND=noninteractive', '    apt install -y vim'), 'AFL004');
  assert.deepEqual([d.severity, at(d.range)], ['warning', '6:5-6:8']);
  assert.deepEqual(lint(post('    apt-get install -y vim', '    echo apt'), 'AFL004'), []);
});

test('(unit) lint AFL005: pip install without --no-cache-dir', () => {
  const [d] = lint(post('    pip3 install numpy'), 'AFL005');
  assert.deepEqual([d.severity, at(d.range)], ['info', '5:5-5:17']);
  assert.equal(lint(post('    python3 -m pip install numpy'), 'AFL005').length, 1);
  assert.deepEqual(lint(post('    pip install --no-cache-dir numpy'), 'AFL005'), []);
  assert.deepEqual(lint(post('    export PIP_NO_CACHE_DIR=1', '    pip install numpy'), 'AFL005'), []);
  assert.deepEqual(lint(post('    pip download numpy'), 'AFL005'), []);
});

test('(unit) lint AFL006: From without a tag or with :latest', () => {
  const untagged = lint(def('Bootstrap: docker', 'From: ubuntu'), 'AFL006');
  assert.deepEqual(untagged.map((d) => [d.severity, at(d.range)]), [['warning', '2:7-2:13']]);
  assert.equal(lint(def('Bootstrap: docker', 'From: registry.example:5000/team/app:latest'), 'AFL006').length, 1);
  assert.equal(lint(def('Bootstrap: library', 'From: alpine'), 'AFL006').length, 1);
  for (const pinned of ['ubuntu:22.04', 'registry.example:5000/team/app:1.2', 'ubuntu@sha256:0123abcd', '{{ BASE }}']) {
    assert.deepEqual(lint(def('Bootstrap: docker', `From: ${pinned}`, '%arguments', '  BASE=x:1'), 'AFL006'), [], pinned);
  }
  // A file path is not an image reference.
  assert.deepEqual(lint(def('Bootstrap: localimage', 'From: base.sif'), 'AFL006'), []);
});

test('(unit) lint AFL011: sudo in %post', () => {
  const [d] = lint(post('    sudo -E make install'), 'AFL011');
  assert.deepEqual([d.severity, at(d.range)], ['warning', '5:5-5:9']);
  assert.deepEqual(lint(post('    make install', '    echo sudo'), 'AFL011'), []);
  // %runscript runs as the user: sudo there is not this rule's business.
  assert.deepEqual(lint(def(...header, '%runscript', '    sudo true'), 'AFL011'), []);
});
