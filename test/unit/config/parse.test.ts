import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig, parseConfig, renderConfigTemplate, type Diagnostic } from '../../../src/core/config';

const ROOT = path.resolve('/projects/dashboard/app_5174');

/** Diagnostics as `line:col severity code` (0-based), the shape the assertions compare. */
function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code}`);
}

function only(text: string): Diagnostic {
  const { diagnostics } = parseConfig(text, ROOT);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  return diagnostics[0];
}

test('(unit) config defaults reproduce the seed layout and run everything locally', () => {
  const config = defaultConfig(ROOT);
  assert.equal(config.hosts.access.kind, 'local');
  assert.deepEqual(config.hosts.viz.map((h) => h.kind), ['local']);
  assert.equal(config.paths.definitions, path.join(ROOT, 'apptainer'));
  assert.equal(config.paths.images, ROOT);
  assert.equal(config.paths.jobTemplates, path.join(ROOT, 'slurm_jobs'));
  assert.equal(config.paths.registry, path.resolve('/projects/dashboard/kooCAEWebServer_5000/config/apps.json'));
  assert.equal(config.paths.templateMap, path.resolve('/projects/dashboard/kooCAEWebServer_5000/services/slurm_app_manager.py'));
  assert.deepEqual(config.deploy, { root: '/opt/apptainers/apps', vncImages: '/opt/apptainers', owner: 'root:root', mode: '755', sudo: 'auto' });
  assert.deepEqual(config.build, { sudo: true, fakeroot: false });
  assert.equal(config.slurm.partition, 'viz');
  assert.deepEqual(config.slurm.ports, { from: 6080, to: 6180 });
  assert.equal(config.slurm.infoFile, '/tmp/app_session_${SESSION_ID}.info');
  assert.equal(config.backend, undefined);
  assert.deepEqual(config.lint.severities, {});
});

test('(unit) config the template written by "Create appframework.yaml" parses cleanly to the defaults', () => {
  const { config, diagnostics } = parseConfig(renderConfigTemplate(), ROOT);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual({ ...config, file: undefined }, { ...defaultConfig(ROOT), file: undefined });
});

test('(unit) config an empty file means the defaults', () => {
  const { config, diagnostics } = parseConfig('# nothing yet\n', ROOT);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config.paths, defaultConfig(ROOT).paths);
});

test('(unit) config values are read and resolved against the workspace folder', () => {
  const { config, diagnostics } = parseConfig(
    [
      'hosts:',
      '  access: alice@127.0.0.1:2222',
      '  viz: [viz-node001, viz-node002]',
      'paths:',
      '  definitions: defs',
      '  registry: /srv/backend/apps.json',
      'deploy: { root: /opt/apps/, owner: "apps:apps", mode: "0750", sudo: false }',
      'build: { fakeroot: true }',
      'slurm:',
      '  partition: gpu-viz',
      '  ports: 7000-7010',
      '  resources: { cpus: 8, memory: 16G, time: "1-00:00:00" }',
      'backend: { url: "http://localhost:5000/" }',
      'lint:',
      '  rules: { DEF001: off, DEF010: error }',
    ].join('\n'),
    ROOT,
  );
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config.hosts.access, { kind: 'address', text: 'alice@127.0.0.1:2222', user: 'alice', host: '127.0.0.1', port: 2222 });
  assert.deepEqual(config.hosts.viz.map((h) => h.text), ['viz-node001', 'viz-node002']);
  assert.equal(config.paths.definitions, path.join(ROOT, 'defs'));
  assert.equal(config.paths.registry, path.resolve('/srv/backend/apps.json'));
  assert.deepEqual(config.deploy, { root: '/opt/apps', vncImages: '/opt/apptainers', owner: 'apps:apps', mode: '0750', sudo: false });
  assert.deepEqual(config.build, { sudo: false, fakeroot: true });
  assert.deepEqual(config.slurm.ports, { from: 7000, to: 7010 });
  assert.deepEqual(config.slurm.resources, { cpus: 8, memory: '16G', time: '1-00:00:00' });
  assert.equal(config.slurm.partition, 'gpu-viz');
  assert.deepEqual(config.backend, { url: 'http://localhost:5000' });
  assert.deepEqual(config.lint.severities, { DEF001: 'off', DEF010: 'error' });
});

test('(unit) config unknown keys are reported at the key, with a suggestion', () => {
  const text = 'paths:\n  definitions: apptainer\n  jobTemplate: slurm_jobs\nslurmm: {}\n';
  const { diagnostics } = parseConfig(text, ROOT);
  assert.deepEqual(where(diagnostics), ['2:2 error config/unknown-key', '3:0 error config/unknown-key']);
  assert.match(diagnostics[0].message, /unknown key "jobTemplate" in "paths". Did you mean "jobTemplates"\?/);
  assert.deepEqual(diagnostics[0].range.end, { line: 2, character: 13 });
  assert.match(diagnostics[1].message, /Did you mean "slurm"/);
});

test('(unit) config wrong types are reported at the value', () => {
  assert.deepEqual(where(parseConfig('paths:\n  images: [a, b]\n', ROOT).diagnostics), ['1:10 error config/type']);
  assert.deepEqual(where(parseConfig('build:\n  sudo: "yes"\n', ROOT).diagnostics), ['1:8 error config/type']);
  assert.deepEqual(where(parseConfig('slurm: viz\n', ROOT).diagnostics), ['0:7 error config/type']);
  assert.deepEqual(where(parseConfig('hosts:\n  viz: viz-node001\n', ROOT).diagnostics), ['1:7 error config/type']);
  assert.deepEqual(where(parseConfig('- a\n- b\n', ROOT).diagnostics), ['0:0 error config/type']);
  assert.deepEqual(where(parseConfig('deploy:\n  sudo: maybe\n', ROOT).diagnostics), ['1:8 error config/type']);
  assert.deepEqual(where(parseConfig('slurm:\n  resources:\n    cpus: 0\n', ROOT).diagnostics), ['2:10 error config/resources']);
});

test('(unit) config bad host strings are reported at the exact list item', () => {
  const text = 'hosts:\n  access: local\n  viz:\n    - viz-node001\n    - "bob@host:99999"\n    - ok-node\n    - a;b\n';
  const { diagnostics, config } = parseConfig(text, ROOT);
  assert.deepEqual(where(diagnostics), ['4:6 error config/host', '6:6 error config/host']);
  assert.match(diagnostics[0].message, /"99999" is not a port number/);
  assert.deepEqual(config.hosts.viz.map((h) => h.text), ['viz-node001', 'ok-node']);
  const access = only('hosts: { access: "host:22" }\n');
  assert.deepEqual(access.range.start, { line: 0, character: 17 });
  assert.match(access.message, /user@host:port/);
});

test('(unit) config bad port ranges are errors at the value; privileged ports a warning', () => {
  const reversed = only('slurm:\n  ports: 6180-6080\n');
  assert.deepEqual([reversed.range.start, reversed.severity], [{ line: 1, character: 9 }, 'error']);
  assert.match(reversed.message, /starts after it ends/);
  assert.equal(only('slurm: { ports: 6080-70000 }').range.start.character, 16);
  assert.match(only('slurm: { ports: "6080..6180" }').message, /not a port range/);
  const low = only('slurm: { ports: 80-90 }');
  assert.equal(low.severity, 'warning');
  assert.deepEqual(parseConfig('slurm: { ports: 6100 }', ROOT).config.slurm.ports, { from: 6100, to: 6100 });
});

test('(unit) config source folders must stay inside the workspace; backend files may be siblings', () => {
  const text = 'paths:\n  definitions: ../elsewhere/defs\n  images: /var/images\n  jobTemplates: sub/../../x\n  registry: ../kooCAEWebServer_5000/config/apps.json\n  templateMap: /srv/backend/manager.py\n';
  const { diagnostics, config } = parseConfig(text, ROOT);
  assert.deepEqual(where(diagnostics), ['1:15 error config/path', '2:10 error config/path', '3:16 error config/path']);
  assert.match(diagnostics[0].message, /leaves the workspace folder/);
  assert.equal(config.paths.definitions, path.join(ROOT, 'apptainer'), 'an invalid path falls back to the default');
  assert.equal(config.paths.registry, path.resolve('/projects/dashboard/kooCAEWebServer_5000/config/apps.json'));
  assert.equal(config.paths.templateMap, path.resolve('/srv/backend/manager.py'));
  assert.equal(parseConfig('paths: { images: /projects/dashboard/app_5174/build }', ROOT).diagnostics.length, 0);
  assert.match(only('paths: { registry: "~/apps.json" }').message, /"~" is not expanded/);
});

test('(unit) config deploy values: remote paths, owner and mode', () => {
  assert.deepEqual(where(parseConfig('deploy:\n  root: opt/apps\n', ROOT).diagnostics), ['1:8 error config/remote-path']);
  assert.deepEqual(where(parseConfig('deploy:\n  vncImages: "/opt/$(id)"\n', ROOT).diagnostics), ['1:13 error config/remote-path']);
  assert.deepEqual(where(parseConfig('deploy:\n  owner: "root;rm"\n', ROOT).diagnostics), ['1:9 error config/owner']);
  const unquoted = parseConfig('deploy:\n  mode: 755\n', ROOT);
  assert.deepEqual(where(unquoted.diagnostics), ['1:8 warning config/mode']);
  assert.equal(unquoted.config.deploy.mode, '755');
  assert.deepEqual(where(parseConfig('deploy:\n  mode: "799"\n', ROOT).diagnostics), ['1:8 error config/mode']);
});

test('(unit) config slurm info file must be a safe absolute path with ${SESSION_ID}', () => {
  assert.match(only('slurm: { infoFile: /tmp/session.info }').message, /must contain \$\{SESSION_ID\}/);
  assert.match(only('slurm: { infoFile: "/tmp/$(whoami)_${SESSION_ID}" }').message, /only hold path characters/);
  assert.deepEqual(parseConfig('slurm: { infoFile: "/run/af/${SLURM_JOB_ID}-${SESSION_ID}.info" }', ROOT).diagnostics, []);
});

test('(unit) config build: sudo and fakeroot together are an error at fakeroot', () => {
  const conflict = only('build:\n  sudo: true\n  fakeroot: true\n');
  assert.deepEqual(conflict.range.start, { line: 2, character: 12 });
  assert.equal(conflict.code, 'config/build');
});

test('(unit) config lint rule severities are exposed and checked', () => {
  const { config, diagnostics } = parseConfig('lint:\n  rules:\n    DEF001: warning\n    DEF002: loud\n', ROOT);
  assert.deepEqual(config.lint.severities, { DEF001: 'warning' });
  assert.deepEqual(where(diagnostics), ['3:12 error config/lint']);
});

test('(unit) config backend URL must be http(s) without credentials', () => {
  assert.match(only('backend: { url: "ftp://localhost" }').message, /http:\/\/ or https:\/\//);
  assert.match(only('backend: { url: "http://u:p@localhost:5000" }').message, /credentials/);
});

test('(unit) config YAML syntax errors are reported at their line and column, and the defaults apply', () => {
  const { diagnostics, config } = parseConfig('hosts:\n  access: local\n  viz: [a, b\npaths: {}\n', ROOT);
  assert.ok(diagnostics.length >= 1);
  assert.ok(diagnostics.every((d) => d.code === 'config/yaml' && d.severity === 'error' && !d.message.includes('\n')));
  // The parser notices the unclosed list where the next key starts.
  assert.deepEqual(diagnostics[0].range.start, { line: 3, character: 0 });
  assert.equal(config.hosts.viz[0].kind, 'local');
  const duplicate = parseConfig('slurm: {}\nslurm: {}\n', ROOT).diagnostics;
  assert.deepEqual(duplicate.map((d) => [d.range.start.line, d.code]), [[1, 'config/yaml']]);
});

test('(unit) config columns count UTF-16 units after non-ASCII text', () => {
  const diagnostic = only('# Größe\nslurm: { partition: "vïz" }\n');
  assert.deepEqual(diagnostic.range.start, { line: 1, character: 20 });
});
