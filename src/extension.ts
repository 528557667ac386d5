import * as vscode from 'vscode';
import { createCtx } from './vscode/context';
import { registerLanguageFeatures } from './vscode/language';

/** Builds the services and registers everything; the logic lives in `core/` and `vscode/`. */
export function activate(extension: vscode.ExtensionContext): void {
  const ctx = createCtx(extension);
  registerLanguageFeatures(ctx);
  ctx.log.info('App Framework activated');
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
