// Where the webview finds the tunnel. Plain code (no `vscode` import) so tests use it as is.

export interface WebSocketAddress {
  /** The URL the webview connects to; holds the tunnel's path, so it is never logged. */
  readonly url: string;
  /** The origin for the CSP's `connect-src`. */
  readonly origin: string;
}

/**
 * Turns the tunnel's address as the webview can reach it (the result of `asExternalUri`, e.g.
 * `http://127.0.0.1:41234/`, or `https://host/proxy/41234/` behind a port proxy) into the
 * WebSocket URL for `path`.
 */
export function webSocketAddress(external: string, path: string): WebSocketAddress {
  const url = new URL(external);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else throw new Error(`The tunnel address has an unexpected scheme: ${url.protocol}`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return { url: url.toString(), origin: `${url.protocol}//${url.host}` };
}
