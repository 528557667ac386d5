// The viewer webview's HTML. Plain code (no `vscode` import): the end-to-end test serves the very
// same page to Chromium. The page is set once per panel; everything that changes later (the
// tunnel URL, the password, the session's fate) arrives by message.

export interface ViewerHtmlInput {
  /** `webview.cspSource`: where the bundle and the stylesheet come from. */
  readonly cspSource: string;
  /** `asWebviewUri` of dist/webview/viewer.js and media/viewer.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Fresh per page, from `crypto.randomBytes`. */
  readonly nonce: string;
  /** The tunnel's WebSocket origin (e.g. `ws://127.0.0.1:41234`), the only address the page may reach. */
  readonly connectSrc: string;
  readonly title: string;
}

export function viewerCsp(input: Pick<ViewerHtmlInput, 'cspSource' | 'nonce' | 'connectSrc'>): string {
  const { cspSource, nonce, connectSrc } = input;
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `connect-src ${connectSrc}`,
  ].join('; ');
}

export function renderViewerHtml(input: ViewerHtmlInput): string {
  for (const [name, value] of Object.entries({ nonce: input.nonce, connectSrc: input.connectSrc, cspSource: input.cspSource })) {
    // These land inside the CSP: a stray quote or semicolon would change the policy. VS Code's
    // cspSource is a list of sources and may hold the keyword 'self' (it does since 1.9x).
    const sources = name === 'cspSource' ? value.split(' ') : [value];
    if (!sources.every((source) => source === "'self'" || /^[A-Za-z0-9+/=:.*\-[\]]+$/.test(source))) {
      throw new Error(`Unsafe ${name} for the viewer's CSP.`);
    }
  }
  const nonce = escapeHtml(input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(viewerCsp(input))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}" nonce="${nonce}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Session viewer">
  <div class="group" role="group" aria-label="Scaling">
    <button type="button" data-action="scale" data-scale="fit" title="Scale the desktop to fit the panel">Fit</button>
    <button type="button" data-action="scale" data-scale="remote" title="Resize the remote desktop to the panel">Remote resize</button>
    <button type="button" data-action="scale" data-scale="native" title="Show the desktop at its own size">1:1</button>
  </div>
  <div class="group">
    <button type="button" data-action="viewOnly" aria-pressed="false" title="Watch without sending keyboard or mouse input">View only</button>
  </div>
  <div class="group">
    <button type="button" data-action="paste" title="Send the local clipboard to the remote desktop (remote copies arrive in the local clipboard)">Paste to remote</button>
    <button type="button" data-action="ctrlAltDel" title="Send Ctrl+Alt+Del">Ctrl+Alt+Del</button>
    <button type="button" data-action="screenshot" title="Save the desktop as a PNG file">Screenshot</button>
  </div>
  <div class="group end">
    <button type="button" data-action="reconnect" title="Connect again">Reconnect</button>
    <button type="button" data-action="fullScreen" title="Toggle full screen">Full screen</button>
  </div>
</div>
<main id="viewport">
  <div id="screen"></div>
  <div id="status" data-state="connecting" role="status" aria-live="polite">
    <div class="card">
      <p id="status-text">Connecting…</p>
      <div id="status-actions">
        <button type="button" data-action="password" hidden>Enter password…</button>
        <button type="button" data-action="reconnect" hidden>Reconnect</button>
        <button type="button" data-action="close" hidden>Close</button>
      </div>
    </div>
  </div>
</main>
<script type="module" nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
