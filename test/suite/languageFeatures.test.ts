import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, hoverText, labelOf, openDefinition, openUntitledDefinition } from './helpers';

async function completionsAt(document: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  return list.items;
}

/** `label` offered with `kind`: snippets offer the same words, this tells the extension's own items apart. */
function offers(items: readonly vscode.CompletionItem[], label: string, kind: vscode.CompletionItemKind): boolean {
  return items.some((item) => labelOf(item) === label && item.kind === kind);
}

suite('completion, hover and symbols', () => {
  teardown(closeAllEditors);

  test('completion after % offers the sections', async () => {
    const editor = await openUntitledDefinition('Bootstrap: docker\nFrom: debian:bookworm-slim\n\n%');
    const items = await completionsAt(editor.document, new vscode.Position(3, 1), '%');
    for (const section of ['%post', '%runscript', '%environment', '%files']) {
      assert.ok(offers(items, section, vscode.CompletionItemKind.Module), `${section} missing from: ${items.map(labelOf).join(', ')}`);
    }
  });

  test('completion in the header offers the header keys', async () => {
    const editor = await openUntitledDefinition('Bootstrap: docker\n');
    const items = await completionsAt(editor.document, new vscode.Position(1, 0));
    for (const key of ['From:', 'Stage:']) {
      assert.ok(offers(items, key, vscode.CompletionItemKind.Property), `${key} missing from: ${items.map(labelOf).join(', ')}`);
    }
  });

  test('hover on a section name explains the section', async () => {
    const editor = await openDefinition('xclock.def');
    const line = editor.document.getText().split('\n').indexOf('%post');
    assert.ok(line > 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 2));
    const text = hovers.map(hoverText).join('\n');
    assert.match(text, /\*\*%post\*\*/);
    assert.match(text, /inside the container/);
  });

  test('document symbols list the stage, its header keys and its sections', async () => {
    const editor = await openDefinition('xclock.def');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].detail, 'docker debian:bookworm-slim');
    assert.deepEqual(
      symbols[0].children.map((s) => s.name),
      ['Bootstrap', 'From', '%labels', '%help', '%post', '%environment', '%runscript'],
    );
  });
});
