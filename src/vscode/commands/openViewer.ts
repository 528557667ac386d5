import * as vscode from 'vscode';
import { parseEndpoint } from '../../core/sessions/tunnel';
import { parseSession, type ViewerSession } from '../../core/sessions/viewerMessages';
import { required, type CommandDefinition } from './command';

export const openViewerId = 'appframework.openViewer';

/**
 * What callers may pass: a session (with the password from its info file), or `host:port` of a
 * websockify endpoint. Without an argument, the user is asked for `host:port`.
 */
export type OpenViewerArgs = { readonly session: ViewerSession; readonly password?: string } | string;

/** `App Framework: Open Session Viewer...` */
export const openViewer: CommandDefinition = {
  id: openViewerId,
  async run({ viewer }, argument) {
    if (typeof argument === 'object' && argument !== null && 'session' in argument) {
      const session = parseSession(argument.session);
      if (!session) throw new Error('The session to view is incomplete.');
      const password = 'password' in argument && typeof argument.password === 'string' ? argument.password : undefined;
      return viewer.show(session, password !== undefined ? { password } : {});
    }
    const input = typeof argument === 'string' ? argument : required(await askEndpoint());
    const endpoint = parseEndpoint(input);
    if ('error' in endpoint) throw new Error(endpoint.error);
    const name = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
    return viewer.show({ key: `direct:${name}`, app: name, node: '', target: { kind: 'direct', ...endpoint } });
  },
};

function askEndpoint(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Open Session Viewer',
    prompt: "host:port of the session's websockify (noVNC) port",
    placeHolder: '127.0.0.1:6080',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const endpoint = parseEndpoint(value);
      return 'error' in endpoint ? endpoint.error : undefined;
    },
  });
}
