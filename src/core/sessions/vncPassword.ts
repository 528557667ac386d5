// A VNC password file as `vncpasswd -f` writes it: the password (at most 8 characters) encrypted
// with DES under the fixed key every VNC implementation uses (bits of each key byte reversed, as
// in VNC's own d3des). It is obscured, not protected: reading it back is what VNC viewers do.
import { createDecipheriv } from 'node:crypto';

// VNC's key {23,82,107,6,35,78,88,7} with the bits of each byte reversed, as standard DES takes it.
const VNC_KEY = Buffer.from('e84ad660c4721ae0', 'hex');

/** The password in a password file: plain text (first line), or the 8 (or 16, with a view-only part) obscured bytes. */
export function decodeVncPasswordFile(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes);
  const text = buffer.toString('utf8');
  const printable = /^[\x20-\x7e]+(\r?\n)?$/.exec(text);
  // A text file ends with a line break; obscured bytes are 8 or 16 long.
  if (printable && (printable[1] !== undefined || (buffer.length !== 8 && buffer.length !== 16))) return text.replace(/\r?\n$/, '');
  if (buffer.length !== 8 && buffer.length !== 16) return undefined;
  // Triple DES with the same key three times is single DES (plain DES is gone from OpenSSL 3's default provider).
  const decipher = createDecipheriv('des-ede3-ecb', Buffer.concat([VNC_KEY, VNC_KEY, VNC_KEY]), null);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(buffer.subarray(0, 8)), decipher.final()]);
  const end = plain.indexOf(0);
  const password = plain.subarray(0, end < 0 ? 8 : end).toString('latin1');
  return password === '' ? undefined : password;
}

/** Bytes from `od -An -v -tx1` output (hex pairs separated by spaces and lines). */
export function bytesFromOd(stdout: string): Uint8Array {
  const pairs = stdout.trim().split(/\s+/).filter((word) => word !== '');
  if (pairs.some((pair) => !/^[0-9a-f]{2}$/i.test(pair))) throw new Error('od printed something other than hex bytes');
  return Uint8Array.from(pairs.map((pair) => parseInt(pair, 16)));
}
