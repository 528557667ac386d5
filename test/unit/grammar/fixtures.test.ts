import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasScope, lineOf, scopesAt, scopesOf, tokenizeFixture } from './tokenize';

const EMBEDDED = 'meta.embedded.block.shellscript';

function assertScope(scopes: string[], scope: string, what: string): void {
  assert.ok(hasScope(scopes, scope), `${what}: expected ${scope} in [${scopes.join(', ')}]`);
}

function assertNoScope(scopes: string[], scope: string, what: string): void {
  assert.ok(!hasScope(scopes, scope), `${what}: unexpected ${scope} in [${scopes.join(', ')}]`);
}

test('(unit) grammar: seed template header, agent and sections', async () => {
  const lines = await tokenizeFixture('seed-template.def');
  assertScope(scopesOf(lines, 'Bootstrap: docker', 'Bootstrap'), 'keyword.other.header.bootstrap', 'Bootstrap');
  assertScope(scopesOf(lines, 'Bootstrap: docker', 'docker'), 'support.constant.agent.docker.apptainer', 'docker');
  assertScope(scopesOf(lines, 'From: ubuntu', 'From'), 'keyword.other.header.from', 'From');
  assertScope(scopesOf(lines, 'From: ubuntu', 'ubuntu:22.04'), 'string.unquoted.header-value', 'From value');
  for (const section of ['post', 'environment', 'startscript']) {
    const scopes = scopesOf(lines, `%${section}`, section);
    assertScope(scopes, `keyword.control.section.${section}`, `%${section}`);
    assertNoScope(scopes, EMBEDDED, `%${section}`);
    assertScope(scopesOf(lines, `%${section}`, '%'), 'punctuation.definition.section', `% of ${section}`);
  }
});

test('(unit) grammar: seed template shell bodies are real shell, embedded', async () => {
  const lines = await tokenizeFixture('seed-template.def');
  const aptGet = scopesOf(lines, 'apt-get update', 'apt-get');
  assertScope(aptGet, 'entity.name.command.shell', 'apt-get');
  assertScope(aptGet, EMBEDDED, 'apt-get');
  assertScope(aptGet, 'meta.section.post.apptainer', 'apt-get');
  assertScope(scopesOf(lines, 'echo "password"', '"password"'), 'string.quoted.double.shell', 'quoted password');
  assertScope(scopesOf(lines, 'export DISPLAY=:1', 'export'), 'storage.modifier.export.shell', 'export in %environment');
  assertScope(scopesOf(lines, 'export DISPLAY=:1', 'export'), 'meta.section.environment.apptainer', 'export in %environment');
  const vncserver = scopesOf(lines, 'vncserver :1', 'vncserver');
  assertScope(vncserver, 'entity.name.command.shell', 'vncserver');
  assertScope(vncserver, 'meta.section.startscript.apptainer', 'vncserver');
  assertScope(scopesOf(lines, 'vncserver :1', 'VNC_RESOLUTION'), 'variable.other', '${VNC_RESOLUTION}');
  // Every line from %post to the next section is shell.
  for (let i = lineOf(lines, '%post') + 1; i < lineOf(lines, '%environment'); i++) {
    if (lines[i].text.trim() === '') continue;
    assertScope(scopesAt(lines, i, lines[i].text.trim()), EMBEDDED, `line ${i + 1}`);
  }
});

test('(unit) grammar: multi-stage file has two headers, stage names and {{ }} templating', async () => {
  const lines = await tokenizeFixture('multistage.def');
  assertScope(scopesOf(lines, 'Bootstrap: docker', 'Bootstrap'), 'keyword.other.header.bootstrap', 'first Bootstrap');
  const second = scopesOf(lines, 'bootstrap: docker', 'bootstrap');
  assertScope(second, 'keyword.other.header.bootstrap', 'second (lower-case) bootstrap');
  assertNoScope(second, 'meta.section', 'second bootstrap ends the %files section');
  assertScope(scopesOf(lines, 'bootstrap: docker', 'docker'), 'support.constant.agent.docker', 'second agent');
  assertScope(scopesOf(lines, 'Stage: build', 'build'), 'entity.name.stage.apptainer', 'Stage: build');
  assertScope(scopesOf(lines, 'Stage: final', 'Stage'), 'keyword.other.header.stage', 'Stage');

  const headerTemplate = scopesAt(lines, lineOf(lines, 'Bootstrap: docker') + 1, 'debian_release');
  assertScope(headerTemplate, 'variable.other.template.apptainer', '{{ debian_release }} in From');
  assertScope(headerTemplate, 'meta.template.expression.apptainer', '{{ debian_release }} in From');
  assertScope(scopesOf(lines, 'the runtime image', '# the runtime image'), 'comment.line.number-sign.apptainer', 'header comment');
  assertScope(scopesOf(lines, '# Two stages', '# Two stages'), 'comment.line.number-sign.apptainer', 'top comment');
});

test('(unit) grammar: multi-stage section arguments, %arguments, %files from, %labels', async () => {
  const lines = await tokenizeFixture('multistage.def');
  assertScope(scopesOf(lines, '%post -c /bin/bash', '-c'), 'variable.parameter.option.apptainer', '-c');
  const shell = scopesOf(lines, '%post -c /bin/bash', '/bin/bash');
  assertScope(shell, 'string.unquoted.argument.apptainer', '/bin/bash');
  assertNoScope(shell, EMBEDDED, 'the %post header line');

  // Each stage has its own %arguments: check both.
  const argumentLines = lines.flatMap((l, i) => (l.text.includes('version=1.2.3') ? [i] : []));
  assert.equal(argumentLines.length, 2);
  for (const line of argumentLines) {
    assertScope(scopesAt(lines, line, 'version'), 'variable.other.argument.apptainer', 'argument name');
    assertScope(scopesAt(lines, line, '='), 'keyword.operator.assignment.apptainer', 'argument =');
    assertScope(scopesAt(lines, line, '1.2.3'), 'string.unquoted.argument-value.apptainer', 'argument value');
    assertScope(scopesAt(lines, line, 'version'), 'meta.section.arguments.apptainer', 'argument in %arguments');
  }

  assertScope(scopesOf(lines, '%files from build', 'from'), 'keyword.other.from.apptainer', '%files from');
  assertScope(scopesOf(lines, '%files from build', 'build'), 'entity.name.stage.apptainer', '%files from <stage>');
  assertScope(scopesOf(lines, '/opt/tool /opt/tool', '/opt/tool', 0), 'meta.path.source.apptainer', 'files source');
  assertScope(scopesOf(lines, '/opt/tool /opt/tool', '/opt/tool', 1), 'meta.path.destination.apptainer', 'files destination');
  const quotedDestination = scopesOf(lines, '"/src/VERSION"', '"/opt/tool/VERSION file"');
  assertScope(quotedDestination, 'meta.path.destination.apptainer', 'quoted destination with a space');
  assertScope(quotedDestination, 'string.quoted.double', 'quoted destination with a space');
  const templatedSource = scopesOf(lines, 'notes-{{ version }}', 'version');
  assertScope(templatedSource, 'variable.other.template.apptainer', '{{ version }} in a %files path');
  assertScope(templatedSource, 'meta.path.source.apptainer', '{{ version }} in a %files path');
  assertScope(scopesOf(lines, 'notes-{{ version }}', '/opt/tool/share/', 1), 'meta.path.destination.apptainer', 'destination after a templated source');

  assertScope(scopesOf(lines, 'Maintainer App Framework', 'Maintainer'), 'support.type.property-name.label.apptainer', 'label key');
  assertScope(scopesOf(lines, 'Maintainer App Framework', 'App Framework team'), 'string.unquoted.label-value.apptainer', 'label value');
  assertScope(scopesOf(lines, 'Version {{ version }}', 'version', 0), 'variable.other.template.apptainer', '{{ version }} in a label');
});

test('(unit) grammar: multi-stage {{ }} inside shell bodies and sections after shell', async () => {
  const lines = await tokenizeFixture('multistage.def');
  const inString = scopesOf(lines, 'curl -fsSL', 'version');
  assertScope(inString, 'variable.other.template.apptainer', '{{ version }} inside a shell string');
  assertScope(inString, 'string.quoted.double.shell', '{{ version }} inside a shell string');
  assertScope(inString, EMBEDDED, '{{ version }} inside a shell string');
  assertScope(scopesOf(lines, 'release {{ version }}', '{{'), 'punctuation.definition.template-expression.begin.apptainer', '{{ in a heredoc');
  assertScope(scopesOf(lines, 'release {{ version }}', 'version'), 'variable.other.template.apptainer', '{{ version }} in a heredoc');
  assertScope(scopesOf(lines, 'grep -q', 'version', 1), 'variable.other.template.apptainer', '{{ version }} in %test');
  assertScope(scopesOf(lines, 'apt-get update && apt-get install -y build-essential', 'apt-get'), 'entity.name.command.shell', 'apt-get');

  // The section after a heredoc and an if-block is a section again, not shell.
  const files = scopesOf(lines, 'build.conf');
  assertScope(files, 'meta.path.source.apptainer', 'build.conf after the %post body');
  assertNoScope(files, EMBEDDED, 'build.conf after the %post body');

  const help = scopesOf(lines, 'Usage: apptainer run', 'Usage');
  assertScope(help, 'markup.other.help.apptainer', '%help text');
  assertNoScope(help, EMBEDDED, '%help text');
  assertScope(scopesOf(lines, 'Runs tool {{ version }}', 'version'), 'variable.other.template.apptainer', '{{ version }} in %help');
  assertScope(scopesOf(lines, 'exec tool', 'exec'), 'meta.section.runscript.apptainer', '%runscript body');
});

test('(unit) grammar: SCI-F app sections name their app', async () => {
  const lines = await tokenizeFixture('scif.def');
  for (const section of ['appinstall', 'appenv', 'applabels', 'appfiles', 'apphelp', 'apprun', 'apptest', 'appstart']) {
    const marker = `%${section} foo`;
    assertScope(scopesOf(lines, marker, section), `keyword.control.section.${section}.apptainer`, marker);
    const app = scopesOf(lines, marker, 'foo');
    assertScope(app, 'entity.name.type.app.apptainer', marker);
    assertNoScope(app, 'keyword.control', marker);
  }
  assertScope(scopesOf(lines, '%appinstall bar-tool', 'bar-tool'), 'entity.name.type.app.apptainer', 'app name with a dash');

  const cowsay = scopesOf(lines, 'install -y cowsay', 'apt-get');
  assertScope(cowsay, EMBEDDED, '%appinstall body');
  assertScope(cowsay, 'meta.section.appinstall.apptainer', '%appinstall body');
  assertScope(scopesOf(lines, 'FOO_MODE=fast', 'export'), EMBEDDED, '%appenv body');
  assertScope(scopesOf(lines, 'exec /usr/games/cowsay "$@"', 'exec'), 'meta.section.apprun.apptainer', '%apprun body');
  assertScope(scopesOf(lines, 'exec /usr/games/cowsay started', 'exec'), EMBEDDED, '%appstart body');
  assertScope(scopesOf(lines, 'test -f', 'test'), EMBEDDED, '%apptest body');

  assertScope(scopesOf(lines, 'Author Jane Doe', 'Author'), 'support.type.property-name.label.apptainer', '%applabels key');
  assertScope(scopesOf(lines, 'Author Jane Doe', 'Jane Doe'), 'string.unquoted.label-value.apptainer', '%applabels value');
  assertScope(scopesOf(lines, 'foo.cfg /scif', 'foo.cfg'), 'meta.path.source.apptainer', '%appfiles source');
  assertScope(scopesOf(lines, 'foo.cfg /scif', '/scif/apps/foo/foo.cfg'), 'meta.path.destination.apptainer', '%appfiles destination');
  const help = scopesOf(lines, 'foo prints a cow', 'prints');
  assertScope(help, 'markup.other.help.apptainer', '%apphelp');
  assertNoScope(help, EMBEDDED, '%apphelp');
});
