import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseHostMessage,
  parsePanelState,
  parseViewMessage,
  viewerTitle,
  type HostMessage,
  type ViewerSession,
} from '../../../src/core/sessions/viewerMessages';
import { webSocketAddress } from '../../../src/vscode/panel/address';
import { ViewerController, type ViewerEffects } from '../../../src/vscode/panel/controller';
import { renderViewerHtml, viewerCsp } from '../../../src/vscode/panel/html';

const session: ViewerSession = {
  key: 'job:access:42',
  app: 'gedit',
  jobId: '42',
  node: 'viz-node001',
  target: { kind: 'ssh', via: 'viz-node001', host: '127.0.0.1', port: 6080 },
};

test('(unit) viewer html: strict CSP, scripts only by nonce, connections only to the tunnel', () => {
  const input = {
    cspSource: 'https://*.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/viewer.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/viewer.css',
    nonce: 'bm9uY2U=',
    connectSrc: 'ws://127.0.0.1:41234',
    title: 'gedit <job>',
  };
  assert.equal(
    viewerCsp(input),
    "default-src 'none'; script-src 'nonce-bm9uY2U='; style-src https://*.vscode-cdn.net 'nonce-bm9uY2U='; " +
      'img-src https://*.vscode-cdn.net data: blob:; connect-src ws://127.0.0.1:41234',
  );
  const html = renderViewerHtml(input);
  assert.match(html, /<script type="module" nonce="bm9uY2U=" src="https:\/\/file\+\.vscode-resource[^"]*viewer\.js"><\/script>/);
  assert.match(html, /<title>gedit &#60;job&#62;<\/title>/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(!html.includes('41234/'), 'no tunnel path in the page');
  assert.throws(() => renderViewerHtml({ ...input, connectSrc: "ws://x; script-src 'unsafe-inline'" }), /Unsafe connectSrc/);
  // VS Code 1.100 (code-server included) gives a cspSource of "'self' https://*.vscode-cdn.net".
  assert.match(renderViewerHtml({ ...input, cspSource: "'self' https://*.vscode-cdn.net" }), /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net &#39;nonce-/);
  assert.throws(() => renderViewerHtml({ ...input, cspSource: "'self' 'unsafe-inline'" }), /Unsafe cspSource/);
});

test('(unit) viewer address: asExternalUri results become WebSocket URLs on the same origin', () => {
  assert.deepEqual(webSocketAddress('http://127.0.0.1:41234/', '/t0k'), { url: 'ws://127.0.0.1:41234/t0k', origin: 'ws://127.0.0.1:41234' });
  // code-server's port proxy, served over TLS.
  assert.deepEqual(webSocketAddress('https://127.0.0.1:8443/proxy/41234/', '/t0k'), {
    url: 'wss://127.0.0.1:8443/proxy/41234/t0k',
    origin: 'wss://127.0.0.1:8443',
  });
  assert.throws(() => webSocketAddress('file:///x', '/t'), /unexpected scheme/);
});

test('(unit) viewer messages: malformed messages are dropped, panel state survives a round trip', () => {
  assert.equal(parseViewMessage({ type: 'status', state: 'bogus' }), undefined);
  assert.equal(parseViewMessage({ type: 'copied', text: 42 }), undefined);
  assert.equal(parseViewMessage('ready'), undefined);
  assert.deepEqual(parseViewMessage({ type: 'status', state: 'connected', extra: 1 }), { type: 'status', state: 'connected' });
  assert.equal(parseHostMessage({ type: 'connect', url: 'ws://x', session: { key: 'k' } }), undefined);
  const state = JSON.parse(JSON.stringify({ session, settings: { scale: 'native', viewOnly: true } }));
  assert.deepEqual(parsePanelState(state), { session, settings: { scale: 'native', viewOnly: true } });
  assert.deepEqual(parsePanelState({ session, settings: { scale: 'huge' } })?.settings, { scale: 'fit', viewOnly: false });
  assert.equal(parsePanelState({ session: { ...session, target: { kind: 'ssh', host: 'a', port: 1 } } }), undefined);
  assert.equal(viewerTitle(session), 'gedit · job 42 · viz-node001');
});

function effects(overrides: Partial<ViewerEffects> = {}) {
  const posted: HostMessage[] = [];
  const calls: string[] = [];
  const value: ViewerEffects = {
    post: (message) => void posted.push(message),
    askPassword: async () => (calls.push('ask'), 'typed'),
    storedPassword: async () => undefined,
    forgetPassword: async () => void calls.push('forget'),
    readClipboard: async () => 'local text',
    writeClipboard: async (text) => void calls.push(`write:${text}`),
    savePng: async (png, name) => void calls.push(`png:${png.length}:${name}`),
    toggleFullScreen: async () => undefined,
    close: () => void calls.push('close'),
    log: (line) => void calls.push(`log:${line}`),
    ...overrides,
  };
  return { value, posted, calls };
}

test('(unit) viewer controller: a starting session shows what it waits for and connects when started, whichever comes first', async () => {
  const { target, ...identity } = session;
  // The page is ready before the session: it is told what the launch waits for, then to connect.
  const early = effects();
  const controller = new ViewerController({ session: identity, url: 'ws://127.0.0.1:1/t', effects: early.value });
  controller.starting('Job 42 is running…');
  assert.deepEqual(early.posted, [], 'nothing is posted before the page is ready');
  await controller.handle({ type: 'ready' });
  assert.deepEqual(early.posted, [{ type: 'starting', detail: 'Job 42 is running…' }]);
  controller.starting('Waiting for the websocket port…');
  assert.deepEqual(early.posted.at(-1), { type: 'starting', detail: 'Waiting for the websocket port…' });
  await controller.start(session, 'fromfile');
  assert.deepEqual(early.posted.at(-1), { type: 'connect', url: 'ws://127.0.0.1:1/t', session, password: 'fromfile' });

  // The session is ready before the page: the page connects as soon as it says it is ready.
  const late = effects();
  const second = new ViewerController({ session: identity, url: 'ws://127.0.0.1:1/t', effects: late.value });
  await second.start(session, 'fromfile');
  assert.deepEqual(late.posted, []);
  await second.handle({ type: 'ready' });
  assert.deepEqual(late.posted, [{ type: 'connect', url: 'ws://127.0.0.1:1/t', session, password: 'fromfile' }]);
  assert.deepEqual(parseHostMessage({ type: 'starting', detail: 7 }), undefined);
});

test('(unit) viewer controller: a refused stored password is forgotten and the user asked next time', async () => {
  const e = effects({ storedPassword: async () => 'stale' });
  const controller = new ViewerController({ session, url: 'ws://127.0.0.1:1/t', effects: e.value });
  await controller.handle({ type: 'ready' });
  assert.deepEqual(e.posted.at(-1), { type: 'connect', url: 'ws://127.0.0.1:1/t', session, password: 'stale' });
  await controller.handle({ type: 'status', state: 'securityFailure', detail: 'Authentication failed' });
  assert.ok(e.calls.includes('forget'));
  await controller.handle({ type: 'credentialsRequired', types: ['password'] });
  assert.deepEqual(e.posted.at(-1), { type: 'credentials', password: 'typed' });
  assert.ok(!e.calls.some((c) => c.includes('stale') || c.includes('typed')), 'passwords never logged');
});

test('(unit) viewer controller: clipboard, screenshots, unsupported credentials and the end of the job', async () => {
  let alive = true;
  const e = effects({ isAlive: async () => alive });
  const controller = new ViewerController({ session, url: 'ws://127.0.0.1:1/t', password: 'fromfile', effects: e.value });
  await controller.handle({ type: 'copied', text: 'remote text' });
  await controller.handle({ type: 'pasteRequest' });
  assert.deepEqual(e.posted.at(-1), { type: 'paste', text: 'local text' });
  await controller.handle({ type: 'screenshot', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' });
  await controller.handle({ type: 'screenshot', dataUrl: 'data:text/html;base64,PGI+' });
  assert.ok(e.calls.includes('write:remote text'));
  assert.equal(e.calls.filter((c) => c.startsWith('png:')).length, 1);
  assert.match(e.calls.find((c) => c.startsWith('png:')) ?? '', /^png:8:gedit-job42-\d{4}-.*\.png$/);

  await controller.handle({ type: 'credentialsRequired', types: ['username', 'password'] });
  assert.deepEqual(e.posted.at(-1), { type: 'credentialsCancelled' });

  await controller.handle({ type: 'status', state: 'disconnected' });
  assert.notEqual(e.posted.at(-1)?.type, 'sessionEnded');
  alive = false;
  await controller.handle({ type: 'status', state: 'disconnected' });
  assert.deepEqual(e.posted.at(-1), { type: 'sessionEnded', reason: 'The job has ended.' });
  await controller.handle({ type: 'ready' });
  assert.equal(e.posted.at(-1)?.type, 'sessionEnded', 'an ended session is not connected again');
});
