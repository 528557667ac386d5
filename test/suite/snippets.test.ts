import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticCode, extension, openUntitledDefinition, waitFor, waitForDiagnostic } from './helpers';

const VNC_APP = 'App Framework VNC app';

suite('snippets', () => {
  teardown(closeAllEditors);

  test('the extension contributes the apptainer and Slurm snippet files', async () => {
    const contributed: { language: string; path: string }[] = extension().packageJSON.contributes.snippets;
    assert.deepEqual(contributed.map((s) => s.language).sort(), ['apptainer', 'shellscript']);
    const file = contributed.find((s) => s.language === 'apptainer');
    assert.ok(file);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, file.path));
    const snippets = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    assert.ok(VNC_APP in snippets, `snippets: ${Object.keys(snippets).join(', ')}`);
  });

  test('the VNC app snippet inserts a definition with no errors or warnings', async () => {
    const editor = await openUntitledDefinition('');
    await waitFor('the extension to activate', () => (extension().isActive ? true : undefined));
    await waitForDiagnostic(editor.document.uri, 'AF001');
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'apptainer', name: VNC_APP });
    const text = editor.document.getText();
    assert.match(text, /^Bootstrap: docker\nFrom: ubuntu:22\.04\n/);
    assert.match(text, /%runscript[\s\S]*websockify/);
    // AF001 (empty file) stays until the debounced check of the inserted text has run.
    const problems = await waitFor('the inserted snippet to be checked', () => {
      const all = vscode.languages.getDiagnostics(editor.document.uri);
      return all.some((d) => diagnosticCode(d) === 'AF001') ? undefined : all;
    });
    const serious = problems.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(serious.map((d) => `${diagnosticCode(d)} line ${d.range.start.line}: ${d.message}`), []);
  });
});
