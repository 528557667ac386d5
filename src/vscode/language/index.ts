import * as vscode from 'vscode';
import type { ProjectService } from '../config';
import type { Ctx } from '../context';
import { codeActionMetadata, codeActionProvider } from './codeActions';
import { completionProvider } from './completion';
import { LANGUAGE_ID, registerDiagnostics } from './diagnostics';
import { foldingProvider } from './folding';
import { hoverProvider } from './hover';
import { symbolProvider } from './symbols';

/** Registers the `apptainer` language providers (diagnostics, completion, hover, symbols, ...). */
export function registerLanguageFeatures(ctx: Ctx, projects: ProjectService): void {
  const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };
  registerDiagnostics(ctx, projects);
  ctx.own(vscode.languages.registerCompletionItemProvider(selector, completionProvider, '%', ':', ' '));
  ctx.own(vscode.languages.registerHoverProvider(selector, hoverProvider));
  ctx.own(vscode.languages.registerDocumentSymbolProvider(selector, symbolProvider));
  ctx.own(vscode.languages.registerCodeActionsProvider(selector, codeActionProvider, codeActionMetadata));
  ctx.own(vscode.languages.registerFoldingRangeProvider(selector, foldingProvider));
}
