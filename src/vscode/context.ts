import * as vscode from 'vscode';

/** What every command, view and provider receives: no module-level state anywhere else. */
export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** Registers a disposable for deactivation. */
  own<T extends vscode.Disposable>(disposable: T): T;
}

export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const log = vscode.window.createOutputChannel('App Framework', { log: true });
  extension.subscriptions.push(log);
  return {
    extension,
    log,
    own(disposable) {
      extension.subscriptions.push(disposable);
      return disposable;
    },
  };
}
