// The session viewer over SSH: the panel's page in headless Chromium reaches websockify on the
// "viz" node through the extension's tunnel and the pooled SSH connection (ProxyJump via the
// access node), as for a session running on a visualization node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { SshPool } from '../../../src/core/hosts';
import { connectorFor, type ForwarderSource } from '../../../src/core/sessions/tunnel';
import type { ViewerSession } from '../../../src/core/sessions/viewerMessages';
import { clusterSshConfig, ensureCluster } from '../../helpers/cluster';
import { startVncDesktop, waitFor, type VncDesktop } from '../../helpers/vnc';
import {
  buildViewerBundle,
  canvasPixels,
  launchChromium,
  openPanel,
  removeDir,
  startResourceServer,
  type ResourceServer,
} from './panelHarness';

const password = 's5hv1ew!';
let pool: SshPool;
let desktop: VncDesktop;
let browser: Browser;
let resources: ResourceServer;
let bundleDir: string;

before(async () => {
  const cluster = await ensureCluster();
  pool = new SshPool({ config: clusterSshConfig(cluster) });
  const bundle = await buildViewerBundle(true);
  bundleDir = bundle.dir;
  [desktop, browser, resources] = await Promise.all([startVncDesktop({ password }), launchChromium(), startResourceServer(bundleDir)]);
});

after(async () => {
  await browser?.close();
  await resources?.close();
  await pool?.dispose();
  await desktop?.stop();
  if (bundleDir) removeDir(bundleDir);
});

test('(integration) viewer over SSH: the panel shows the viz node\'s desktop through the pooled connection and ProxyJump', async () => {
  // On the node, websockify listens on loopback only: the SSH connection to the node reaches it.
  const session: ViewerSession = {
    key: 'job:viz-node001:1',
    app: 'xclock',
    jobId: '1',
    node: 'viz-node001',
    target: { kind: 'ssh', via: 'viz-node001', host: '127.0.0.1', port: desktop.wsPort },
  };
  const hosts: ForwarderSource = pool;
  const connector = connectorFor(session.target, hosts);
  const connections: string[] = [];
  const watch = pool.onStateChange((host, state) => connections.push(`${host}:${state}`));
  const panel = await openPanel(browser, resources, {
    connect: connector.connect,
    ...(connector.release ? { release: () => connector.release?.() ?? Promise.resolve() } : {}),
    session,
    password,
  });
  try {
    await panel.waitForState('connected');
    const connectedAt = Date.now();
    await waitFor('xclock on the canvas', async () => {
      const pixels = await canvasPixels(panel.page, desktop.clock);
      return pixels && pixels.differing > pixels.total / 4 ? pixels : undefined;
    });
    console.log(
      `viewer over SSH: connected ${connectedAt - panel.loadedAt} ms after the page loaded (SSH handshakes included), ` +
        `xclock on the canvas after ${Date.now() - panel.loadedAt} ms`,
    );
    assert.deepEqual(await pool.host('viz-node001').route(), ['af-access', 'viz-node001']);
    assert.ok(connections.includes('af-access:connected'), connections.join(', '));
    assert.ok(connections.includes('viz-node001:connected'), connections.join(', '));
    assert.deepEqual(panel.cspViolations, []);

    // The picture travels over that SSH connection: closing it drops the panel's connection.
    await pool.dispose();
    await panel.waitForState('disconnected');
  } finally {
    watch.dispose();
    await panel.close();
  }
});
