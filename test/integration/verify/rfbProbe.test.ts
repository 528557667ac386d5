// The noVNC probe of Verify App against a real TigerVNC desktop behind websockify, with VNC
// authentication: the right password, a wrong one, none, and the VNC port itself (not WebSocket).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { probeRfb } from '../../../src/core/verify';
import { ensureCluster } from '../../helpers/cluster';
import { startVncDesktop, type VncDesktop } from '../../helpers/vnc';

const PASSWORD = 'Vrfy2go!';
let desktop: VncDesktop;

before(async () => {
  // up.sh installs TigerVNC and websockify on a fresh machine.
  await ensureCluster();
  desktop = await startVncDesktop({ password: PASSWORD, width: 800, height: 600 });
});
after(() => desktop.stop());

function socket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

test('(integration) rfb probe: a real VNC desktop behind websockify opens with its password and sends a first frame', async () => {
  const result = await probeRfb(await socket(desktop.wsPort), { password: PASSWORD });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.security, 'VncAuth');
  assert.deepEqual([result.width, result.height], [800, 600]);
  // 64×64 pixels at 32 bits, plus the message and rectangle headers.
  assert.equal(result.frame.bytes, 4 + 12 + 64 * 64 * 4);
});

test('(integration) rfb probe: a wrong password, no password, and the plain VNC port each fail at their step', async () => {
  const wrong = await probeRfb(await socket(desktop.wsPort), { password: 'not-it' });
  assert.ok(!wrong.ok);
  assert.deepEqual([wrong.stage, wrong.wrongPassword], ['authentication', true]);
  assert.match(wrong.reason, /refused the password/);

  const none = await probeRfb(await socket(desktop.wsPort));
  assert.ok(!none.ok && none.needsPassword === true, JSON.stringify(none));

  const plain = await probeRfb(await socket(desktop.rfbPort), { password: PASSWORD });
  assert.ok(!plain.ok);
  assert.equal(plain.stage, 'websocket');
  assert.match(plain.reason, /plain RFB/);
});
