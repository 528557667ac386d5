// "Build image" above the first line of an app's definition file (and "Deploy image" once built).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { AppsStore } from '../views/apps';

class BuildLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly apps: AppsStore) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // Only files that are an app's definition: building anything else has no image to name.
    const file = path.resolve(document.uri.fsPath);
    const found = this.apps.apps().find(({ app }) => app.definition && path.resolve(app.definition.file) === file);
    if (!found) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, { title: '$(tools) Build image', command: 'appframework.build', arguments: [document.uri] })];
    if (found.app.image) {
      lenses.push(new vscode.CodeLens(top, { title: '$(cloud-upload) Deploy image', command: 'appframework.deploy', arguments: [document.uri] }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerBuildLens(ctx: Ctx, apps: AppsStore): void {
  const provider = ctx.own(new BuildLensProvider(apps));
  ctx.own(vscode.languages.registerCodeLensProvider({ language: 'apptainer', scheme: 'file' }, provider));
  ctx.own(apps.onDidChange(() => provider.refresh()));
}
