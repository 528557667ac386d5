import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, extension, openDefinition, waitFor, workspaceFile } from './helpers';

suite('activation', () => {
  teardown(closeAllEditors);

  test('the extension is loaded and declares no start-up activation', () => {
    const events: unknown = extension().packageJSON.activationEvents;
    assert.ok(Array.isArray(events));
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activationEvents: ${JSON.stringify(events)}`);
  });

  test('opening a .def file gives it the apptainer language and activates the extension', async () => {
    const editor = await openDefinition('xclock.def');
    assert.equal(editor.document.languageId, 'apptainer');
    await waitFor('the extension to activate', () => (extension().isActive ? true : undefined));
  });

  test('a definition file without the .def extension is recognised by its Bootstrap line', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('language', 'recipe'));
    assert.equal(document.languageId, 'apptainer');
  });
});
