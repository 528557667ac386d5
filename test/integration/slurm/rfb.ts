// A VNC client's first steps, enough to prove a password opens a desktop: the RFB version
// exchange and VNC authentication (DES of the server's challenge keyed by the password).
import { createCipheriv } from 'node:crypto';
import { connect } from 'node:net';

/** VNC's DES key: the password's first 8 bytes, each with its bits reversed. */
function vncKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) {
    let b = key[i];
    let r = 0;
    for (let bit = 0; bit < 8; bit++) {
      r = (r << 1) | (b & 1);
      b >>= 1;
    }
    key[i] = r;
  }
  return key;
}

/** Resolves 'ok' when the server accepts `password`, 'refused' when it does not. */
export function vncAuthenticate(port: number, password: string): Promise<'ok' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffered = Buffer.alloc(0);
    let step = 0;
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error('the VNC server did not answer in time'));
    });
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (step === 0 && buffered.length >= 12) {
        buffered = buffered.subarray(12);
        socket.write('RFB 003.008\n');
        step = 1;
      }
      if (step === 1 && buffered.length >= 1 && buffered.length >= 1 + buffered[0]) {
        const types = [...buffered.subarray(1, 1 + buffered[0])];
        buffered = buffered.subarray(1 + buffered[0]);
        if (!types.includes(2)) return reject(new Error(`no VNC authentication offered (${types.join(',')})`));
        socket.write(Buffer.from([2]));
        step = 2;
      }
      if (step === 2 && buffered.length >= 16) {
        const key = vncKey(password);
        const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
        cipher.setAutoPadding(false);
        socket.write(Buffer.concat([cipher.update(buffered.subarray(0, 16)), cipher.final()]));
        buffered = buffered.subarray(16);
        step = 3;
      }
      if (step === 3 && buffered.length >= 4) {
        socket.destroy();
        resolve(buffered.readUInt32BE(0) === 0 ? 'ok' : 'refused');
      }
    });
  });
}
