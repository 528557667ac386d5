// VNC authentication (RFC 6143, 7.2.2): the 16-byte challenge encrypted with DES, keyed by the
// password's first 8 bytes with the bits of each byte reversed (VNC's own d3des convention).
import { createCipheriv } from 'node:crypto';

function reverseBits(byte: number): number {
  let reversed = 0;
  for (let bit = 0; bit < 8; bit++) reversed = (reversed << 1) | ((byte >> bit) & 1);
  return reversed;
}

export function vncAuthKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  return Buffer.from(key.map(reverseBits));
}

export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error(`a VNC challenge has 16 bytes, not ${challenge.length}`);
  const key = vncAuthKey(password);
  // Triple DES with one key three times is single DES (plain DES is gone from OpenSSL 3's default provider).
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}
