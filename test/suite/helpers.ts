// Shared by the suite files that run inside VS Code's extension host.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'appframework.appframework-vscode';

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) throw new Error(`Extension ${EXTENSION_ID} is not loaded`);
  return found;
}

/** A file of the fixture workspace the editor was opened on. */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The editor suite needs the fixture workspace as its folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Opens `language/<name>` of the fixture workspace in an editor. */
export async function openDefinition(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile('language', name));
  return vscode.window.showTextDocument(document);
}

/** An unsaved `apptainer` document holding `content`. */
export async function openUntitledDefinition(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'apptainer', content });
  return vscode.window.showTextDocument(document);
}

/** Polls `probe` until it returns something other than `undefined`; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined ? undefined : String(code);
}

/** Waits until the extension's diagnostics of `uri` include `code`, and returns that diagnostic. */
export function waitForDiagnostic(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitFor(`diagnostic ${code} on ${uri.path}`, () => vscode.languages.getDiagnostics(uri).find((d) => diagnosticCode(d) === code));
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The text of a hover's contents, whatever form each part takes. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

/** Closes every editor, dropping unsaved changes, so each test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
