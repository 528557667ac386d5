import * as vscode from 'vscode';
import { connectorFor, type ForwarderSource } from '../../core/sessions/tunnel';
import type { Ctx } from '../context';
import { VncPasswords } from './passwords';
import { ViewerPanels, viewerViewType, type ViewerDeps } from './viewerPanels';

export { ViewerPanels, type OpeningViewer } from './viewerPanels';

export interface ViewerOptions extends Partial<Omit<ViewerDeps, 'connector'>> {
  /** SSH hosts by alias (the extension's SSH pool), for sessions behind SSH. */
  readonly hosts?: ForwarderSource;
}

/** Creates the session viewer's panel manager and lets VS Code restore its panels after a reload. */
export function registerViewer(ctx: Ctx, options: ViewerOptions = {}): ViewerPanels {
  const { hosts, ...deps } = options;
  const panels = ctx.own(
    new ViewerPanels(ctx, { connector: (target) => connectorFor(target, hosts), ...deps }, new VncPasswords(ctx.extension.secrets)),
  );
  ctx.own(
    vscode.window.registerWebviewPanelSerializer(viewerViewType, {
      deserializeWebviewPanel: (panel, state: unknown) => panels.restore(panel, state),
    }),
  );
  return panels;
}
