import * as vscode from 'vscode';
import { documentSymbols, type DefSymbol, type SymbolKind } from '../../core/apptainer';
import { toRange } from './convert';

const kinds: Record<SymbolKind, vscode.SymbolKind> = {
  stage: vscode.SymbolKind.Namespace,
  header: vscode.SymbolKind.Property,
  section: vscode.SymbolKind.Function,
  app: vscode.SymbolKind.Module,
};

function toSymbol(s: DefSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, kinds[s.kind], toRange(s.range), toRange(s.selectionRange));
  symbol.children = s.children.map(toSymbol);
  return symbol;
}

export const symbolProvider: vscode.DocumentSymbolProvider = {
  provideDocumentSymbols(document) {
    return documentSymbols(document.getText()).map(toSymbol);
  },
};
