import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyText, expandSnippet, type Snippet } from './snippetSyntax';
import { allScopes, hasScope, repoRoot, scopesAt, tokenizeText } from './tokenize';

const SNIPPET_FILES = ['apptainer.json', 'slurm.json'];

function loadSnippets(file: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(repoRoot, 'snippets', file), 'utf8')) as Record<string, Snippet>;
}

function expanded(file: string, name: string): string {
  const snippet = loadSnippets(file)[name];
  assert.ok(snippet, `no snippet "${name}" in ${file}`);
  return expandSnippet(bodyText(snippet));
}

/** Body of one section of an expanded definition file: the lines up to the next "%" line. */
function sectionBody(def: string, section: string): string {
  const lines = def.split('\n');
  const start = lines.findIndex((l) => l === section || l.startsWith(`${section} `));
  assert.ok(start >= 0, `no ${section}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('%'));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function assertShellSyntax(shell: string, script: string, what: string): void {
  const result = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(result.status, 0, `${what} is not valid ${shell}: ${result.stderr}`);
}

function prefixes(snippet: Snippet): string[] {
  return Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
}

test('(unit) snippets: every file is JSON and every snippet has prefix, body and description', () => {
  for (const file of SNIPPET_FILES) {
    const snippets = loadSnippets(file);
    assert.ok(Object.keys(snippets).length > 0, file);
    const seen = new Set<string>();
    for (const [name, snippet] of Object.entries(snippets)) {
      const what = `${file}: ${name}`;
      assert.ok(prefixes(snippet).length > 0 && prefixes(snippet).every((p) => typeof p === 'string' && p.trim() !== ''), `${what}: prefix`);
      assert.ok(typeof snippet.description === 'string' && snippet.description.trim() !== '', `${what}: description`);
      const body = snippet.body;
      assert.ok(typeof body === 'string' || (Array.isArray(body) && body.length > 0 && body.every((l) => typeof l === 'string')), `${what}: body`);
      for (const p of prefixes(snippet)) {
        assert.ok(!seen.has(p), `${what}: prefix "${p}" used twice`);
        seen.add(p);
      }
      // Parses as snippet syntax, with every shell "$" escaped.
      const text = expandSnippet(bodyText(snippet));
      // No network address but loopback.
      for (const ip of text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) assert.equal(ip, '127.0.0.1', `${what}: address ${ip}`);
    }
  }
});

test('(unit) snippets: the App Framework VNC app runs from %runscript with no fixed display and no password', async () => {
  const def = expanded('apptainer.json', 'App Framework VNC app');
  assert.match(def, /^%runscript$/m);
  assert.doesNotMatch(def, /^%startscript/m, 'apptainer run never runs %startscript');
  // Display and ports come from the environment.
  assert.doesNotMatch(def, /(^|[^\w-]):1\b/m, 'fixed display :1');
  assert.doesNotMatch(def, /\b5901\b/, 'fixed VNC port');
  assert.match(def, /DISPLAY_NUM="\$\{DISPLAY_NUM:-/);
  assert.match(def, /WEBSOCKIFY_PORT="\$\{WEBSOCKIFY_PORT:-\d+\}"/);
  assert.match(def, /VNC_PORT="\$\{VNC_PORT:-/);
  // No password baked into the image: the job provides a password file at run time.
  assert.doesNotMatch(def, /\|\s*vncpasswd/, 'password piped into vncpasswd');
  assert.doesNotMatch(def, /\.vnc\/passwd/);
  assert.doesNotMatch(def, /password"?\s*\|/i);
  assert.match(def, /-SecurityTypes VncAuth -PasswordFile "\$VNC_PASSWORD_FILE"/);
  // Nothing listens beyond the node unless the job asks for it.
  assert.match(def, /-localhost yes/);
  assert.match(def, /\$\{WEBSOCKIFY_BIND:-127\.0\.0\.1\}/);
  assert.match(def, /websockify "\$WEBSOCKIFY_BIND:\$WEBSOCKIFY_PORT" "127\.0\.0\.1:\$VNC_PORT"/);
  // Package installation as the image build needs it.
  const post = sectionBody(def, '%post');
  assert.match(post, /export DEBIAN_FRONTEND=noninteractive/);
  assert.match(post, /apt-get install -y /);
  assert.match(post, /rm -rf \/var\/lib\/apt\/lists\/\*/);
  // Apptainer runs %runscript with /bin/sh: it must be POSIX shell.
  assertShellSyntax('/bin/sh', sectionBody(def, '%runscript'), '%runscript');
  assertShellSyntax('/bin/sh', post, '%post');
  const lines = await tokenizeText(def);
  assert.deepEqual(allScopes(lines).filter((s) => s.startsWith('invalid')), []);
  const runscript = lines.findIndex((l) => l.text === '%runscript');
  assert.ok(hasScope(scopesAt(lines, runscript, 'runscript'), 'keyword.control.section.runscript'));
});

test('(unit) snippets: one header snippet per bootstrap agent, with the keys of that agent', async () => {
  const keysOf: Record<string, string[]> = {
    docker: ['From'], 'docker-archive': ['From'], 'docker-daemon': ['From'], oci: ['From'], 'oci-archive': ['From'],
    library: ['From'], shub: ['From'], oras: ['From'], localimage: ['From'], buildkit: ['From'],
    debootstrap: ['OSVersion', 'MirrorURL'], yum: ['MirrorURL'], dnf: ['MirrorURL'], zypper: ['MirrorURL'],
    busybox: ['MirrorURL'], arch: [], scratch: [],
  };
  const snippets = Object.values(loadSnippets('apptainer.json'));
  for (const [agent, keys] of Object.entries(keysOf)) {
    const snippet = snippets.find((s) => prefixes(s).includes(`bootstrap-${agent}`));
    assert.ok(snippet, `no snippet for Bootstrap: ${agent}`);
    const text = expandSnippet(bodyText(snippet));
    const lines = await tokenizeText(text);
    assert.ok(scopesAt(lines, 0, agent).includes(`support.constant.agent.${agent}.apptainer`), agent);
    for (const key of keys) {
      const line = lines.findIndex((l) => l.text.startsWith(`${key}: `));
      assert.ok(line > 0, `${agent}: no ${key}`);
      assert.ok(hasScope(scopesAt(lines, line, key), `keyword.other.header.${key.toLowerCase()}`), `${agent}: ${key}`);
      assert.notEqual(lines[line].text.slice(key.length + 2).trim(), '', `${agent}: empty ${key}`);
    }
    assert.deepEqual(allScopes(lines).filter((s) => s.startsWith('invalid')), [], agent);
  }
});

test('(unit) snippets: every section has a snippet; %app* ones ask for the app name first', async () => {
  const sections = [
    'help', 'setup', 'files', 'labels', 'environment', 'pre', 'post', 'runscript', 'test', 'startscript', 'arguments',
    'appinstall', 'applabels', 'appfiles', 'appenv', 'apptest', 'apphelp', 'apprun', 'appstart',
  ];
  const snippets = Object.values(loadSnippets('apptainer.json'));
  for (const section of sections) {
    const snippet = snippets.find((s) => prefixes(s).includes(`%${section}`));
    assert.ok(snippet, `no snippet for %${section}`);
    const body = bodyText(snippet);
    if (section.startsWith('app')) assert.match(body.split('\n')[0], new RegExp(`^%${section} \\$\\{1:\\w+\\}$`), `%${section} asks for the app`);
    const lines = await tokenizeText(expandSnippet(body));
    assert.ok(hasScope(scopesAt(lines, 0, section), `keyword.control.section.${section}`), `%${section}`);
    assert.deepEqual(allScopes(lines).filter((s) => s.startsWith('invalid')), [], `%${section}`);
  }
});

test('(unit) snippets: multi-stage skeleton and SCI-F block', async () => {
  const multi = expanded('apptainer.json', 'Multi-stage build');
  assert.equal(multi.match(/^Bootstrap: /gm)?.length, 2);
  const stage = /^Stage: (\S+)$/m.exec(multi)?.[1];
  assert.ok(stage);
  assert.match(multi, new RegExp(`^%files from ${stage}$`, 'm'), '%files from names the first stage');
  const multiLines = await tokenizeText(multi);
  const filesFrom = multiLines.findIndex((l) => l.text.startsWith('%files from'));
  assert.ok(hasScope(scopesAt(multiLines, filesFrom, stage), 'entity.name.stage'));
  assert.deepEqual(allScopes(multiLines).filter((s) => s.startsWith('invalid')), []);

  const scif = expanded('apptainer.json', 'SCI-F app');
  const apps = [...scif.matchAll(/^%(app\w+) (\S+)$/gm)];
  assert.deepEqual(apps.map((m) => m[1]).sort(), ['appenv', 'appfiles', 'apphelp', 'appinstall', 'applabels', 'apprun', 'apptest']);
  assert.equal(new Set(apps.map((m) => m[2])).size, 1, 'one app name, mirrored');
  assert.deepEqual(allScopes(await tokenizeText(scif)).filter((s) => s.startsWith('invalid')), []);
});

test('(unit) snippets: the Slurm job template runs the deployed image per session, info file private', () => {
  const job = expanded('slurm.json', 'App Framework Slurm job');
  assertShellSyntax('/bin/bash', job, 'job template');
  assert.match(job, /^#!\/bin\/bash\n/);
  for (const option of ['job-name', 'partition', 'nodes', 'cpus-per-task', 'mem', 'time', 'output', 'error']) {
    assert.match(job, new RegExp(`^#SBATCH --${option}=\\S+$`, 'm'), option);
  }
  assert.match(job, /SESSION_ID="\$\{SESSION_ID:\?/);
  assert.match(job, /="\$\{VNC_PORT:\?/);
  const umask = job.indexOf('umask 077');
  assert.ok(umask > 0 && umask < job.indexOf('cat > "$JOB_INFO_FILE"'), 'info file written under umask 077');
  assert.match(job, /apptainer run --cleanenv --bind "\$SESSION_DIR" \\\n(\s+--env \w+="[^"\n]+" \\\n)+\s+"\$APPTAINER_IMAGE"/);
  // A fresh password per session, handed to the viewer in the private info file, as New App's template does.
  assert.doesNotMatch(job, /VNC_PASSWORD_FILE:\?/, 'nothing beyond SESSION_ID and VNC_PORT is needed at submission');
  assert.match(job, /^VNC_PASSWORD=\$VNC_PASSWORD$/m);
  assert.ok(job.indexOf('umask 077') < job.indexOf('VNC_PASSWORD_FILE="$SESSION_DIR/passwd"'), 'password file private');
  assert.match(job, /APPTAINER_IMAGE="\/opt\/apptainers\/apps\/myapp\/myapp\.sif"/);
  assert.match(job, /--env DISPLAY_NUM="\$DISPLAY_NUM"/);
  assert.match(job, /DISPLAY_NUM=\$\(\(WEBSOCKIFY_PORT /, 'display derived from the session');
  assert.doesNotMatch(job, /(^|[^\w-]):1\b/m, 'fixed display :1');
  assert.doesNotMatch(job, /\b5901\b/, 'fixed VNC port');
});

test('(unit) snippets: SBATCH line snippets', () => {
  const snippets = Object.values(loadSnippets('slurm.json'));
  for (const option of ['job-name', 'partition', 'cpus-per-task', 'mem', 'time', 'output', 'error', 'nodes']) {
    const snippet = snippets.find((s) => prefixes(s).includes(`sbatch-${option}`));
    assert.ok(snippet, option);
    assert.match(expandSnippet(bodyText(snippet)), new RegExp(`^#SBATCH --${option}=\\S+\\n?$`), option);
  }
});
