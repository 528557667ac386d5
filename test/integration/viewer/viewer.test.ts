// The session viewer end to end: the panel's own page in headless Chromium, connected through the
// extension's tunnel to a real Xvnc + websockify protected by a VNC password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { directConnect } from '../../../src/core/sessions/tunnel';
import { parsePanelState, type ViewerSession } from '../../../src/core/sessions/viewerMessages';
import { startVncDesktop, waitFor, type VncDesktop } from '../../helpers/vnc';
import {
  buildViewerBundle,
  canvasPixels,
  launchChromium,
  openPanel,
  pngSize,
  removeDir,
  repoRoot,
  startResourceServer,
  type OpenPanel,
  type PanelOptions,
  type ResourceServer,
} from './panelHarness';

const password = 'k3yb0ard';
let desktop: VncDesktop;
let browser: Browser;
let resources: ResourceServer;
let bundleDir: string;
const panels: OpenPanel[] = [];

before(async () => {
  const started = Date.now();
  const bundle = await buildViewerBundle(true);
  bundleDir = bundle.dir;
  console.log(`viewer bundle: ${bundle.bytes} bytes minified, built in ${bundle.ms} ms`);
  [desktop, browser, resources] = await Promise.all([
    startVncDesktop({ password }),
    launchChromium(),
    startResourceServer(bundleDir),
  ]);
  console.log(`viewer setup (bundle, Xvnc + websockify, Chromium): ${Date.now() - started} ms`);
});

after(async () => {
  await Promise.all(panels.map((panel) => panel.close().catch(() => undefined)));
  await browser?.close();
  await resources?.close();
  await desktop?.stop();
  if (bundleDir) removeDir(bundleDir);
});

function session(name: string): ViewerSession {
  return { key: `test:${name}`, app: 'xclock', jobId: '42', node: 'localhost', target: { kind: 'direct', host: '127.0.0.1', port: desktop.wsPort } };
}

async function open(name: string, options: Partial<PanelOptions> = {}): Promise<OpenPanel> {
  const panel = await openPanel(browser, resources, {
    connect: directConnect('127.0.0.1', desktop.wsPort),
    session: session(name),
    ...options,
  });
  panels.push(panel);
  return panel;
}

/** Polls until xclock's pixels are on the canvas. */
async function clockShows(panel: OpenPanel) {
  return waitFor('xclock on the canvas', async () => {
    const pixels = await canvasPixels(panel.page, desktop.clock);
    return pixels && pixels.differing > pixels.total / 4 ? pixels : undefined;
  });
}

test('(integration) viewer: the panel shows the desktop through the tunnel, with the password from the session', async () => {
  const started = Date.now();
  const panel = await open('shows', { password });
  await panel.waitForState('connected');
  const connectedAt = Date.now();
  const pixels = await clockShows(panel);
  console.log(
    `viewer: new browser page loaded in ${panel.loadedAt - started} ms; then connected in ${connectedAt - panel.loadedAt} ms, ` +
      `xclock on the canvas after ${Date.now() - panel.loadedAt} ms`,
  );

  assert.equal(pixels.width, desktop.width);
  assert.equal(pixels.height, desktop.height);
  // Away from xclock the desktop is bare background: the pixels come from the remote screen.
  const corner = await canvasPixels(panel.page, { x: desktop.width - 100, y: desktop.height - 100, width: 100, height: 100 });
  assert.equal(corner?.differing, 0);
  assert.deepEqual(panel.cspViolations, [], 'the page runs under its own CSP without violations');
  assert.deepEqual(panel.passwordPrompts, [], 'the password came from the session, nobody was asked');

  // The toolbar's screenshot goes to the host as a PNG, which is kept as the test's artefact.
  await panel.page.click('#toolbar button[data-action="screenshot"]');
  const shot = await waitFor('the screenshot', () => panel.savedPngs[0]);
  assert.deepEqual(pngSize(shot.png), { width: desktop.width, height: desktop.height });
  assert.match(shot.name, /^xclock-job42-.*\.png$/);
  const artefacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artefacts, { recursive: true });
  writeFileSync(join(artefacts, 'viewer.png'), shot.png);
  await panel.page.screenshot({ path: join(artefacts, 'viewer-panel.png') });

  // Neither the password nor the tunnel's path ever reaches a log line.
  const logText = panel.logs.join('\n');
  assert.ok(panel.logs.some((line) => line.includes('connected')));
  assert.ok(!logText.includes(password));
  assert.ok(!logText.includes(panel.tunnel.path.slice(1)));
  assert.ok(!(panel.connectUrl() ?? '').includes(password), 'the password is never part of the URL');
  await panel.close();
});

test('(integration) viewer: a panel opened while the session starts shows what it waits for, then connects once started', async () => {
  // As Launch Session opens it: the job runs, its port is not known yet, so the tunnel cannot reach it.
  let reach: (connect: PanelOptions['connect']) => void = () => undefined;
  const reachable = new Promise<PanelOptions['connect']>((resolve) => (reach = resolve));
  const { target, ...identity } = session('starting');
  const panel = await open('starting', { session: identity, connect: async () => (await reachable)() });
  await waitFor('the starting message', async () => ((await panel.statusText()).startsWith('Waiting for the session') ? true : undefined));
  panel.controller.starting('Waiting for the websocket port (127.0.0.1)…');
  await waitFor('the progress message', async () => ((await panel.statusText()) === 'Waiting for the websocket port (127.0.0.1)…' ? true : undefined));
  assert.equal(panel.connectUrl(), undefined, 'the page was not told to connect yet');

  reach(directConnect('127.0.0.1', desktop.wsPort));
  await panel.controller.start(session('starting'), password);
  await panel.waitForState('connected');
  await clockShows(panel);
  assert.deepEqual(panel.passwordPrompts, []);
  assert.deepEqual(panel.cspViolations, []);
  await panel.close();
});

test('(integration) viewer: a wrong password shows the security failure, and the password typed next connects', async () => {
  const panel = await open('wrong', { password: 'wr0ngpw!', typedPassword: password });
  await panel.waitForState('securityFailure');
  assert.match(await panel.statusText(), /^Authentication failed/);
  assert.ok(await panel.page.isVisible('#status button[data-action="password"]'));

  await panel.page.click('#status button[data-action="password"]');
  await panel.waitForState('connected');
  await clockShows(panel);
  assert.deepEqual(panel.passwordPrompts, ['xclock']);
  const afterFailure = panel.states.slice(panel.states.indexOf('securityFailure') + 1);
  assert.ok(!afterFailure.includes('reconnecting'), `no automatic retry with a refused password: ${afterFailure.join(', ')}`);
  await panel.close();
});

test('(integration) viewer: without a password from the session, the user is asked when the server wants one', async () => {
  const panel = await open('asked', { typedPassword: password });
  await panel.waitForState('connected');
  await clockShows(panel);
  assert.deepEqual(panel.passwordPrompts, ['xclock']);
  assert.ok(panel.states.includes('credentials'));
  await panel.close();
});

test('(integration) viewer: websockify killed and restarted, the panel reconnects by itself', async () => {
  const panel = await open('reconnect', { password, isAlive: async () => true });
  await panel.waitForState('connected');
  await clockShows(panel);

  await desktop.stopWebsockify();
  await panel.waitForState('disconnected');
  const down = Date.now();
  await desktop.startWebsockify();
  await panel.waitForState('connected', 20_000);
  console.log(`viewer: reconnected ${Date.now() - down} ms after websockify went down`);
  await clockShows(panel);

  const sinceDrop = panel.states.slice(panel.states.indexOf('disconnected'));
  assert.ok(sinceDrop.includes('reconnecting'), `reconnected by itself: ${sinceDrop.join(', ')}`);
  assert.equal(sinceDrop.at(-1), 'connected');
  await panel.close();
});

test('(integration) viewer: the toolbar scales, resizes the remote desktop and keeps its choices in the panel state', async () => {
  const panel = await open('toolbar', { password });
  await panel.waitForState('connected');
  await clockShows(panel);
  const canvasSize = async () =>
    (await panel.page.evaluate(
      `(() => { const c = document.querySelector('#screen canvas'); const r = c.getBoundingClientRect();
        return { cssWidth: Math.round(r.width), width: c.width, height: c.height }; })()`,
    )) as { cssWidth: number; width: number; height: number };
  const screenWidth = (await panel.page.evaluate(`document.getElementById('screen').clientWidth`)) as number;

  await panel.page.click('button[data-scale="native"]');
  await waitFor('1:1 scaling', async () => ((await canvasSize()).cssWidth === desktop.width ? true : undefined));
  await panel.page.click('button[data-scale="fit"]');
  await waitFor('scaling to fit', async () => ((await canvasSize()).cssWidth !== desktop.width ? true : undefined));
  assert.equal(await panel.page.getAttribute('button[data-scale="fit"]', 'aria-pressed'), 'true');

  // Remote resize asks Xvnc to take the panel's size (this test changes the shared desktop's size).
  await panel.page.click('button[data-scale="remote"]');
  const resized = await waitFor('the remote desktop to take the panel\'s width', async () => {
    const size = await canvasSize();
    return size.width === screenWidth ? size : undefined;
  });
  assert.notEqual(resized.width, desktop.width);

  await panel.page.click('button[data-action="viewOnly"]');
  assert.equal(await panel.page.getAttribute('button[data-action="viewOnly"]', 'aria-pressed'), 'true');
  const restored = parsePanelState(await panel.savedState());
  assert.deepEqual(restored, { session: session('toolbar'), settings: { scale: 'remote', viewOnly: true } });
  await panel.close();
});

test('(integration) viewer: once the job has ended, the panel says so and stops reconnecting', async () => {
  let alive = true;
  const panel = await open('ended', { password, isAlive: async () => alive });
  await panel.waitForState('connected');

  alive = false;
  await desktop.stopWebsockify();
  try {
    await panel.waitForState('ended');
    assert.match(await panel.statusText(), /The session has ended/);
    assert.ok(await panel.page.isVisible('#status button[data-action="close"]'));
    // The toolbar's reconnect is off; a connect request from the host is answered with the end state.
    assert.ok(await panel.page.isDisabled('#toolbar button[data-action="reconnect"]'));
  } finally {
    await desktop.startWebsockify();
  }
  await panel.close();
});
