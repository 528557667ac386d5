import * as vscode from 'vscode';
import type { DeployedImage, LocalMatch } from '../../../core/images';
import { formatSize } from '../../../core/deploy';
import type { NodeEntry } from './imagesStore';
import type { ImagesNodeBase, ImagesTreeNode } from './node';

const MATCH_WORDS: Record<LocalMatch, string> = {
  same: 'matches the local build',
  different: 'differs from the local build',
  unknown: 'not compared (no checksum record: redeploy to add one)',
  'no-build': 'no local build',
};

/**
 * Context value: `deployedImage.<vnc|app>.<match>[.inspectable]`, e.g. `deployedImage.app.different`.
 * Menus match it with `viewItem =~ /^deployedImage\b/`, `/\.app\b/`, `/\.inspectable\b/`.
 */
export function deployedImageContext(image: DeployedImage, match: LocalMatch | undefined, inspectable: boolean): string {
  return ['deployedImage', image.kind, match ?? 'none', ...(inspectable ? ['inspectable'] : [])].join('.');
}

export class DeployedImageNode implements ImagesNodeBase {
  readonly kind = 'image';

  constructor(
    readonly entry: NodeEntry,
    readonly image: DeployedImage,
  ) {}

  get match(): LocalMatch | undefined {
    return this.entry.matches.get(this.image.path);
  }

  treeItem(): vscode.TreeItem {
    const { image } = this;
    const label = image.kind === 'app' ? `${image.appId}/${image.name}` : image.name;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `image:${this.entry.project.folder.uri.toString()}:${this.entry.label}:${image.path}`;
    const inspectable = this.entry.images.kind === 'ok' && this.entry.images.apptainer;
    item.contextValue = deployedImageContext(image, this.match, inspectable);
    const date = new Date(image.mtimeMs).toLocaleString();
    const words = [formatSize(image.size), date, `${image.user}:${image.group} ${image.mode}`];
    if (this.match === 'same') words.push('✓ current');
    else if (this.match === 'different') words.push('≠ local build');
    item.description = words.join(' · ');
    item.iconPath =
      this.match === 'same' ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : this.match === 'different' ? new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon(image.kind === 'vnc' ? 'vm' : 'package');
    const tooltip = new vscode.MarkdownString(
      [
        `**${image.path}** on ${this.entry.label}`,
        '',
        `- Size: ${formatSize(image.size)} (${image.size} bytes)`,
        `- Modified: ${date}`,
        `- Owner: ${image.user}:${image.group}, mode ${image.mode}`,
        `- sha256: ${image.sha256 ? `\`${image.sha256}\`` : 'unknown'}`,
        ...(this.match ? [`- ${MATCH_WORDS[this.match]}`] : []),
      ].join('\n'),
    );
    tooltip.supportThemeIcons = false;
    item.tooltip = tooltip;
    return item;
  }

  children(): ImagesTreeNode[] {
    return [];
  }
}
