import * as vscode from 'vscode';
import { hover } from '../../core/apptainer';
import { fromPosition, toRange } from './convert';

export const hoverProvider: vscode.HoverProvider = {
  provideHover(document, position) {
    const result = hover(document.getText(), fromPosition(position));
    return result && new vscode.Hover(new vscode.MarkdownString(result.contents), toRange(result.range));
  },
};
