import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticCode, extension, openDefinition, waitFor, waitForDiagnostic } from './helpers';

suite('diagnostics and quick fixes', () => {
  teardown(closeAllEditors);

  test('an unknown section is an AF005 error on its own line', async () => {
    const editor = await openDefinition('unknown-section.def');
    const diagnostic = await waitForDiagnostic(editor.document.uri, 'AF005');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.source, 'apptainer');
    assert.equal(diagnostic.range.start.line, 3);
    assert.equal(editor.document.getText(diagnostic.range), '%bogus');
    assert.match(diagnostic.message, /invalid section\(s\) specified: bogus/);
  });

  test('a clean definition has no problems', async () => {
    const editor = await openDefinition('xclock.def');
    await waitFor('the extension to activate', () => (extension().isActive ? true : undefined));
    // Activation lints every open document at once, so an empty list here is the verdict.
    const problems = vscode.languages.getDiagnostics(editor.document.uri).map((d) => `${diagnosticCode(d)} line ${d.range.start.line}: ${d.message}`);
    assert.deepEqual(problems, []);
  });

  test('the quick fix for apt-get install without -y adds -y and the warning goes away', async () => {
    const editor = await openDefinition('apt-without-y.def');
    const uri = editor.document.uri;
    const diagnostic = await waitForDiagnostic(uri, 'AFL001');
    assert.equal(diagnostic.range.start.line, 6);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Suppress AFL001 on this line'), `offered: ${titles.join(', ')}`);
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix?.edit, `no preferred fix among: ${titles.join(', ')}`);

    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(6).text, '    apt-get install -y --no-install-recommends x11-apps');
    await waitFor('AFL001 to disappear after the fix', () =>
      vscode.languages.getDiagnostics(uri).some((d) => diagnosticCode(d) === 'AFL001') ? undefined : true,
    );
  });

  test('a lint rule turned off in the settings is no longer reported', async () => {
    const settings = vscode.workspace.getConfiguration('appframework.lint');
    const editor = await openDefinition('apt-without-y.def');
    await waitForDiagnostic(editor.document.uri, 'AFL001');
    await settings.update('rules', { AFL001: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('AFL001 to be switched off', () =>
        vscode.languages.getDiagnostics(editor.document.uri).some((d) => diagnosticCode(d) === 'AFL001') ? undefined : true,
      );
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostic(editor.document.uri, 'AFL001');
  });
});
