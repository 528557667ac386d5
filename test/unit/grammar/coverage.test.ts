// What Apptainer's own parser accepts (pkg/build/types/parser/deffile.go: validHeaders,
// validSections, appSections; internal/pkg/build/conveyorPacker.go: the bootstrap agents),
// checked against the grammar one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allScopes, hasScope, repoRoot, scopesAt, scopesWithin, tokenizeText } from './tokenize';

const HEADER_KEYWORDS = [
  'bootstrap', 'from', 'includecmd', 'mirrorurl', 'updateurl', 'osversion', 'include', 'library', 'registry',
  'namespace', 'stage', 'product', 'user', 'regcode', 'productpgp', 'registerurl', 'modules', 'otherurl1',
  'otherurl12', 'fingerprints', 'confurl', 'setopt', 'target', 'frontend', 'filename', 'buildargs',
];
const AGENTS = [
  'docker', 'docker-archive', 'docker-daemon', 'oci', 'oci-archive', 'library', 'shub', 'oras', 'localimage',
  'debootstrap', 'yum', 'dnf', 'zypper', 'busybox', 'arch', 'scratch', 'buildkit',
];
const SHELL_SECTIONS = ['setup', 'post', 'runscript', 'test', 'startscript', 'environment', 'pre'];
const SHELL_APP_SECTIONS = ['appinstall', 'apprun', 'appstart', 'apptest', 'appenv'];
const OTHER_SECTIONS = ['help', 'files', 'labels', 'arguments'];
const OTHER_APP_SECTIONS = ['applabels', 'appfiles', 'apphelp'];
const EMBEDDED = 'meta.embedded.block.shellscript';

/** Mixed case, as Apptainer lower-cases keys and section names before comparing them. */
function mixedCase(word: string): string {
  return [...word].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('');
}

function assertScope(scopes: string[], scope: string, what: string): void {
  assert.ok(hasScope(scopes, scope), `${what}: expected ${scope} in [${scopes.join(', ')}]`);
}

test('(unit) grammar: every header keyword Apptainer accepts, in any case', async () => {
  for (const keyword of HEADER_KEYWORDS) {
    for (const spelling of [keyword, keyword.toUpperCase(), mixedCase(keyword)]) {
      const lines = await tokenizeText(`${spelling}: docker`);
      const expected = `keyword.other.header.${keyword}.apptainer`;
      assert.ok(scopesAt(lines, 0, spelling).includes(expected), `${spelling}: expected ${expected} in [${scopesAt(lines, 0, spelling).join(', ')}]`);
      assert.ok(!allScopes(lines).some((s) => s.startsWith('invalid')), `${spelling} is flagged invalid`);
    }
  }
  const unknown = await tokenizeText('Exclude: /var/lib\nBootstrap docker');
  assertScope(scopesAt(unknown, 0, 'Exclude'), 'invalid.illegal.header-keyword', 'unknown keyword');
  assertScope(scopesAt(unknown, 1, 'Bootstrap docker'), 'invalid.illegal.header', 'header line without a colon');
});

test('(unit) grammar: header values end at a comment and continue after a backslash', async () => {
  const lines = await tokenizeText('Include: vim \\\n    less # pager\nOSVersion: 9');
  assertScope(scopesAt(lines, 0, 'vim'), 'string.unquoted.header-value', 'value');
  assertScope(scopesAt(lines, 0, '\\'), 'constant.character.escape.line-continuation', 'continuation');
  assertScope(scopesAt(lines, 1, 'less'), 'string.unquoted.header-value', 'continued value');
  assertScope(scopesAt(lines, 1, '# pager'), 'comment.line.number-sign', 'comment after a value');
  assertScope(scopesAt(lines, 2, 'OSVersion'), 'keyword.other.header.osversion', 'next key after the continuation');
});

test('(unit) grammar: every bootstrap agent has a scope of its own', async () => {
  const seen = new Set<string>();
  for (const agent of AGENTS) {
    const lines = await tokenizeText(`Bootstrap: ${agent}   # base`);
    const scopes = scopesAt(lines, 0, agent);
    const agentScopes = scopes.filter((s) => s.startsWith('support.constant.agent.'));
    assert.deepEqual(agentScopes, [`support.constant.agent.${agent}.apptainer`], `${agent}: [${scopes.join(', ')}]`);
    seen.add(agentScopes[0]);
  }
  assert.equal(seen.size, AGENTS.length);
  // Apptainer compares the agent as written: "Docker" is an invalid build source.
  for (const wrong of ['Docker', 'dockerx', 'self']) {
    const lines = await tokenizeText(`Bootstrap: ${wrong}`);
    assertScope(scopesAt(lines, 0, wrong), 'invalid.illegal.agent', wrong);
  }
});

test('(unit) grammar: every section, in any case; script sections embed shell, the others do not', async () => {
  const cases = [
    ...SHELL_SECTIONS.map((name) => ({ name, app: false, shell: true })),
    ...SHELL_APP_SECTIONS.map((name) => ({ name, app: true, shell: true })),
    ...OTHER_SECTIONS.map((name) => ({ name, app: false, shell: false })),
    ...OTHER_APP_SECTIONS.map((name) => ({ name, app: true, shell: false })),
  ];
  assert.equal(cases.length, 19);
  for (const { name, app, shell } of cases) {
    for (const spelling of [name, name.toUpperCase(), mixedCase(name)]) {
      const header = app ? `%${spelling} myapp` : `%${spelling}`;
      const lines = await tokenizeText(`Bootstrap: docker\nFrom: debian\n\n${header}\n    echo body\n%runscript\n    exec true`);
      assertScope(scopesAt(lines, 3, spelling), `keyword.control.section.${name}.apptainer`, header);
      if (app) assertScope(scopesAt(lines, 3, 'myapp'), 'entity.name.type.app.apptainer', header);
      const body = scopesAt(lines, 4, 'echo');
      assertScope(body, `meta.section.${name}.apptainer`, `${header} body`);
      assert.equal(hasScope(body, EMBEDDED), shell, `${header} body embedded: [${body.join(', ')}]`);
      if (shell) assertScope(body, 'entity.name.command.shell', `${header} body`);
      assertScope(scopesAt(lines, 5, 'runscript'), 'keyword.control.section.runscript', `section after ${header}`);
    }
  }
});

test('(unit) grammar: unfinished shell never swallows the next section or stage', async () => {
  const text = [
    '%post',
    '    if true; then',
    '        cat <<EOF',
    '        "unclosed ( $(',
    '%runscript',
    '    exec app "$@" \'unclosed',
    'Bootstrap: docker',
    'From: debian',
    '%environment',
    '    case "$x" in',
    '%labels',
    '    Version 1',
  ].join('\n');
  const lines = await tokenizeText(text);
  const runscript = scopesAt(lines, 4, 'runscript');
  assertScope(runscript, 'keyword.control.section.runscript', '%runscript after an open heredoc');
  assert.ok(!hasScope(runscript, EMBEDDED));
  assertScope(scopesAt(lines, 5, 'exec'), 'meta.section.runscript.apptainer', 'runscript body');
  assertScope(scopesAt(lines, 6, 'Bootstrap'), 'keyword.other.header.bootstrap', 'new stage after an open quote');
  assert.ok(!hasScope(scopesAt(lines, 6, 'Bootstrap'), 'meta.section'));
  assertScope(scopesAt(lines, 7, 'From'), 'keyword.other.header.from', 'header of the new stage');
  assertScope(scopesAt(lines, 10, 'labels'), 'keyword.control.section.labels', '%labels after an open case');
  assertScope(scopesAt(lines, 11, 'Version'), 'support.type.property-name.label', 'label after an open case');
});

test('(unit) grammar: sections Apptainer rejects are marked, and end like any section', async () => {
  const lines = await tokenizeText('%bogus\n    text\n  %post\n    echo\n%post\t-c sh\n%runscript\n    echo ok');
  assertScope(scopesAt(lines, 0, '%bogus'), 'invalid.illegal.section', 'unknown section');
  assert.ok(!hasScope(scopesAt(lines, 1, 'text'), EMBEDDED));
  // Apptainer reads an indented "%post" as a section with an empty name, and "%post<TAB>" as "post\t...".
  assertScope(scopesAt(lines, 2, '%post'), 'invalid.illegal.section', 'indented section');
  assertScope(scopesAt(lines, 4, '%post'), 'invalid.illegal.section', 'tab after the name');
  assertScope(scopesAt(lines, 5, 'runscript'), 'keyword.control.section.runscript', 'known section after unknown ones');
});

test('(unit) grammar: {{ name }} is templated outside comments only, as Apptainer substitutes it', async () => {
  const lines = await tokenizeText([
    'Bootstrap: docker',
    'From: ubuntu:{{ release }}',
    '%post',
    '    echo {{ a }} "${HOME}/{{ b }}" $(cat {{ c }}) # {{ d }}',
    '    # {{ e }}',
    '%environment',
    "    export V='{{ f }}'",
  ].join('\n'));
  for (const [line, name] of [[1, 'release'], [3, 'a'], [3, 'b'], [3, 'c'], [6, 'f']] as const) {
    assertScope(scopesAt(lines, line, `{{ ${name} }}`), 'meta.template.expression.apptainer', `{{ ${name} }}`);
    assertScope(scopesWithin(lines, line, `{{ ${name} }}`, name), 'variable.other.template.apptainer', `{{ ${name} }}`);
  }
  for (const [line, name] of [[3, 'd'], [4, 'e']] as const) {
    const scopes = scopesAt(lines, line, `{{ ${name} }}`);
    assertScope(scopes, 'comment', `{{ ${name} }} in a comment`);
    assert.ok(!hasScope(scopes, 'meta.template'), `{{ ${name} }} in a comment is not templated`);
  }
  assertScope(scopesAt(lines, 3, 'HOME'), 'variable.other', 'shell ${HOME} stays shell');
  assert.ok(!hasScope(scopesAt(lines, 3, 'HOME'), 'meta.template'));
});

test('(unit) grammar: package.json contributes this grammar with its embedded shell', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: {
      languages: { id: string; configuration: string }[];
      grammars: { language: string; scopeName: string; path: string; embeddedLanguages?: Record<string, string> }[];
    };
  };
  const grammar = JSON.parse(readFileSync(join(repoRoot, 'syntaxes', 'apptainer.tmLanguage.json'), 'utf8')) as { scopeName: string };
  const contributed = manifest.contributes.grammars.find((g) => g.language === 'apptainer');
  assert.ok(contributed);
  assert.equal(contributed.scopeName, grammar.scopeName);
  assert.equal(join(repoRoot, contributed.path), join(repoRoot, 'syntaxes', 'apptainer.tmLanguage.json'));
  assert.deepEqual(contributed.embeddedLanguages, { [EMBEDDED]: 'shellscript' });
  const language = manifest.contributes.languages.find((l) => l.id === 'apptainer');
  assert.equal(language?.configuration, './syntaxes/language-configuration.json');
});
