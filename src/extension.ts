import * as vscode from 'vscode';
import { createCtx } from './vscode/context';
import { registerLanguageFeatures } from './vscode/language';
import { registerCommands } from './vscode/commands';
import { registerProjectConfig } from './vscode/config';
import { registerAppsView } from './vscode/views/apps';
import { RefreshScheduler } from './vscode/views/refreshScheduler';
import { registerViewer } from './vscode/panel';

/** Builds the services and registers everything; the logic lives in `core/` and `vscode/`. */
export function activate(extension: vscode.ExtensionContext): void {
  const ctx = createCtx(extension);
  registerLanguageFeatures(ctx);
  const scheduler = ctx.own(new RefreshScheduler({ log: (message) => ctx.log.warn(message) }));
  const projects = registerProjectConfig(ctx);
  const apps = registerAppsView(ctx, projects, scheduler);
  const viewer = registerViewer(ctx);
  registerCommands({ ctx, projects, scheduler, apps, viewer });
  ctx.log.info('App Framework activated');
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
