import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App } from '../../../core/apps';
import type { Project } from '../../config';
import { DefinitionNode } from './definitionNode';
import { ImageNode } from './imageNode';
import { JobTemplateNode } from './jobTemplateNode';
import { WARNING_ICON, formatSize, formatTime, type AppsTreeNode, type TreeNodeBase } from './node';
import { ProblemNode } from './problemNode';
import { RegistryEntryNode } from './registryEntryNode';
import { TemplateMappingNode } from './templateMappingNode';

/** `app` (built and current), `staleApp`, `unbuiltApp`, or `incompleteApp` (no definition file). */
export type AppState = 'app' | 'staleApp' | 'unbuiltApp' | 'incompleteApp';

export function appState(app: App): AppState {
  if (!app.definition) return 'incompleteApp';
  if (app.imageState === 'stale') return 'staleApp';
  if (app.imageState === 'not-built') return 'unbuiltApp';
  return 'app';
}

/**
 * Context value: the state, then `.def`, `.template`, `.registry`, `.mapping` for the parts that
 * exist, e.g. `staleApp.def.template.registry`. Menus match it with
 * `viewItem =~ /^(app|staleApp|unbuiltApp|incompleteApp)\b/` and, say, `/\.def\b/`.
 */
export function appContextValue(app: App): string {
  const parts: string[] = [appState(app)];
  if (app.definition) parts.push('def');
  if (app.jobTemplate?.exists) parts.push('template');
  if (app.registry) parts.push('registry');
  if (app.templateMapping) parts.push('mapping');
  if (app.problems.length > 0) parts.push('problems');
  return parts.join('.');
}

const IMAGE_WORDS = { built: 'built', stale: 'stale', 'not-built': 'not built' } as const;

export class AppNode implements TreeNodeBase {
  readonly kind = 'app';

  constructor(
    readonly project: Project,
    readonly app: App,
  ) {}

  treeItem(): vscode.TreeItem {
    const { app } = this;
    const item = new vscode.TreeItem(app.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `app:${this.project.folder.uri.toString()}:${app.id}`;
    item.contextValue = appContextValue(app);
    const words: string[] = [app.definition ? IMAGE_WORDS[app.imageState] : 'no definition'];
    if (app.deployments !== undefined) words.push(app.deployments.length > 0 ? `deployed ×${app.deployments.length}` : 'not deployed');
    if (app.sessions !== undefined && app.sessions.length > 0) words.push(`${app.sessions.length} running`);
    words.push(app.registry ? 'registered' : 'not registered');
    if (app.problems.length > 0) words.push(`⚠ ${app.problems.length}`);
    item.description = words.join(' · ');
    item.iconPath =
      app.problems.length > 0 ? WARNING_ICON
        : app.imageState === 'built' ? new vscode.ThemeIcon('package', new vscode.ThemeColor('testing.iconPassed'))
          : app.imageState === 'stale' ? new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('circle-large-outline');
    item.tooltip = this.tooltip();
    return item;
  }

  private tooltip(): vscode.MarkdownString {
    const { app } = this;
    const relative = (file: string) => path.relative(this.project.folder.uri.fsPath, file) || '.';
    const lines: string[] = [`**${app.registry?.name ?? app.id}**${app.registry?.description ? ` — ${app.registry.description}` : ''}`, ''];
    lines.push(`- Definition: ${app.definition ? `\`${relative(app.definition.file)}\`` : 'missing'}`);
    lines.push(
      `- Image: ${app.image ? `\`${relative(app.image.file)}\`, ${formatSize(app.image.size)}, built ${formatTime(app.image.mtimeMs)}${app.imageState === 'stale' ? ' — **older than the definition**' : ''}` : 'not built'}`,
    );
    lines.push(`- Job template: ${app.jobTemplate ? `\`${app.jobTemplate.name}\`${app.jobTemplate.exists ? '' : ' (missing)'}` : 'none'}`);
    lines.push(`- Registered: ${app.registry ? 'yes' : 'no'}; JOB_TEMPLATES: ${app.templateMapping ? 'yes' : 'no'}`);
    lines.push(`- Deployed image path: \`${app.expectedImagePath}\``);
    // The nodes are listed over SSH by the Images view, only while it is open.
    lines.push(`- Deployed on: ${app.deployments === undefined ? 'not known yet (open the Images view to list the nodes)' : app.deployments.map((d) => d.host).join(', ') || 'no node'}`);
    if (app.sessions !== undefined) lines.push(`- Sessions: ${app.sessions.length}`);
    if (app.problems.length > 0) lines.push('', '**Problems**', ...app.problems.map((problem) => `- ${problem}`));
    const markdown = new vscode.MarkdownString(lines.join('\n'));
    markdown.supportThemeIcons = false;
    return markdown;
  }

  children(): AppsTreeNode[] {
    const { app } = this;
    const nodes: AppsTreeNode[] = [];
    if (app.definition) nodes.push(new DefinitionNode(this.project, app.definition));
    if (app.definition || app.image) nodes.push(new ImageNode(this.project, app));
    if (app.jobTemplate) nodes.push(new JobTemplateNode(this.project, app, app.jobTemplate));
    if (app.registry) nodes.push(new RegistryEntryNode(app.registry));
    if (app.templateMapping) nodes.push(new TemplateMappingNode(app.templateMapping));
    // Problems tied to a place in a file open it; the others are listed as they are.
    const located = new Map(app.diagnostics.map((d) => [d.message, d]));
    for (const problem of app.problems) nodes.push(new ProblemNode(problem, located.get(problem)));
    return nodes;
  }
}
