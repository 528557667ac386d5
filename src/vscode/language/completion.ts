import * as vscode from 'vscode';
import { completions, type CompletionKind } from '../../core/apptainer';
import { fromPosition, toRange } from './convert';

const kinds: Record<CompletionKind, vscode.CompletionItemKind> = {
  section: vscode.CompletionItemKind.Module,
  header: vscode.CompletionItemKind.Property,
  agent: vscode.CompletionItemKind.EnumMember,
};

export const completionProvider: vscode.CompletionItemProvider = {
  provideCompletionItems(document, position) {
    return completions(document.getText(), fromPosition(position)).map((c) => {
      const item = new vscode.CompletionItem(c.label, kinds[c.kind]);
      item.detail = c.detail;
      item.documentation = new vscode.MarkdownString(c.documentation);
      item.insertText = new vscode.SnippetString(c.insertText);
      item.range = toRange(c.range);
      return item;
    });
  },
};
