import * as vscode from 'vscode';
import { foldingRanges } from '../../core/apptainer';

export const foldingProvider: vscode.FoldingRangeProvider = {
  provideFoldingRanges(document) {
    return foldingRanges(document.getText()).map((r) => new vscode.FoldingRange(r.startLine, r.endLine, vscode.FoldingRangeKind.Region));
  },
};
