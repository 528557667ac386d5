import * as vscode from 'vscode';

/** Opens a file with the cursor on a 0-based line and column. */
export async function openFileAt(file: string, line = 0, character = 0): Promise<void> {
  const position = new vscode.Position(line, character);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position) });
}
