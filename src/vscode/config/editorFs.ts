import * as vscode from 'vscode';
import { nodeFs, type ProjectFs } from '../../core/apps';

/**
 * The project's files as the editor sees them: an open document's text (saved or not) wins over
 * the disk, so edits computed from it apply to exactly that text.
 */
export const editorFs: ProjectFs = {
  async readText(file) {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === file);
    return open ? open.getText() : nodeFs.readText(file);
  },
  stat: (file) => nodeFs.stat(file),
  list: (folder) => nodeFs.list(folder),
};
