import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinition } from '../../../src/core/apptainer';
import { at, def, only } from './helpers';

const header = ['Bootstrap: docker', 'From: ubuntu:22.04', ''];
const lint = (text: string, code: string) => only(checkDefinition(text), code);
const runscript = (...body: string[]) => def(...header, '%runscript', ...body);

test('(unit) lint AFL007: a VNC password baked into the image', () => {
  const [d] = lint(def(...header, '%post', '    echo "password" | vncpasswd -f > /root/.vnc/passwd'), 'AFL007');
  assert.deepEqual([d.severity, at(d.range)], ['error', '5:5-5:32']);
  assert.equal(lint(def(...header, '%post', "    vncpasswd -f <<< 'secret' > p"), 'AFL007').length, 1);
  assert.equal(lint(def(...header, '%post', '    vncpasswd -f > p <<EOF', 'secret', 'secret', 'EOF'), 'AFL007').length, 1);
  assert.equal(lint(def(...header, '%post', '    x11vnc -storepasswd secret /root/.vnc/passwd'), 'AFL007').length, 1);
  assert.deepEqual(lint(runscript('    echo "$VNC_PASSWORD" | vncpasswd -f > "$HOME/.vnc/passwd"'), 'AFL007'), []);
  assert.deepEqual(lint(runscript('    vncpasswd -f < "$PASSWORD_FILE" > p'), 'AFL007'), []);
});

test('(unit) lint AFL008: fixed display and VNC ports', () => {
  const found = lint(def(...header, '%environment', '    export DISPLAY=:1', '    export VNC_PORT=5901', '%runscript', '    vncserver :1 -rfbport 5901'), 'AFL008');
  assert.deepEqual(
    found.map((d) => [d.severity, at(d.range)]),
    [
      ['warning', '5:12-5:22'],
      ['warning', '6:12-6:25'],
      ['warning', '8:15-8:17'],
      ['warning', '8:18-8:31'],
    ],
  );
  const ok = def(...header, '%environment', '    export VNC_PORT=${VNC_PORT:-5901}', '%runscript', '    export DISPLAY=":$DISPLAY_NUM"', '    vncserver ":$DISPLAY_NUM" -rfbport "$VNC_PORT"');
  assert.deepEqual(lint(ok, 'AFL008'), []);
});

test('(unit) lint AFL009: VNC server or websockify on every interface', () => {
  const [vnc] = lint(runscript('    vncserver "$D" -localhost no'), 'AFL009');
  assert.deepEqual([vnc.severity, at(vnc.range)], ['error', '5:20-5:33']);
  const [ws] = lint(runscript('    websockify --web /usr/share/novnc "$WEBSOCKIFY_PORT" localhost:5901'), 'AFL009');
  assert.equal(at(ws.range), '5:39-5:57');
  assert.equal(lint(runscript('    websockify 0.0.0.0:6080 localhost:5901'), 'AFL009').length, 1);
  assert.equal(lint(runscript('    x11vnc -display :0 -forever'), 'AFL009').length, 1);
  assert.equal(lint(runscript('    novnc_proxy --vnc localhost:5901'), 'AFL009').length, 1);
  const ok = runscript(
    '    vncserver "$D" -localhost yes',
    '    websockify 127.0.0.1:"$WEBSOCKIFY_PORT" 127.0.0.1:"$VNC_PORT"',
    '    x11vnc -localhost -display "$D"',
    '    novnc_proxy --listen 127.0.0.1:6080 --vnc localhost:5901',
  );
  assert.deepEqual(lint(ok, 'AFL009'), []);
});

test('(unit) lint AFL010: %startscript without %runscript', () => {
  const [d] = lint(def(...header, '%startscript', '    exec myapp'), 'AFL010');
  assert.deepEqual([d.severity, at(d.range)], ['warning', '4:1-4:13']);
  assert.deepEqual(lint(def(...header, '%startscript', '    exec myapp', '%runscript', '    exec myapp'), 'AFL010'), []);
  assert.deepEqual(lint(def(...header, '%runscript', '    exec myapp'), 'AFL010'), []);
});
