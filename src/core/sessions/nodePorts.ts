// TCP sockets listening on a machine: `ss -Hltn` where iproute2 is installed, else /proc/net/tcp{,6}.
import type { CancellationTokenLike, ExecResult, Host } from '../hosts';

export interface ListeningSocket {
  /** As printed: `127.0.0.1`, `0.0.0.0`, `::`, `*`, `::ffff:127.0.0.1`. */
  readonly address: string;
  readonly port: number;
}

/** Listening sockets in `ss -Hltn` output (`127.0.0.1:6080`, `[::]:22`, `*:80`, `127.0.0.53%lo:53`). */
export function parseSsSockets(stdout: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of stdout.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length < 4 || columns[0] === 'State') continue;
    const m = /^\[?(.*?)\]?(?:%[^:\]]+)?:(\d{1,5})$/.exec(columns[3]);
    if (m) sockets.push({ address: m[1], port: Number(m[2]) });
  }
  return sockets;
}

/** Listening sockets (state 0A) in /proc/net/tcp and tcp6. */
export function parseProcNetSockets(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length < 4 || !/^\d+:$/.test(columns[0]) || columns[3] !== '0A') continue;
    const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(columns[1]);
    if (m) sockets.push({ address: procAddress(m[1]), port: parseInt(m[2], 16) });
  }
  return sockets;
}

/** /proc/net/tcp addresses are 32-bit words in host (little-endian) order. */
function procAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}

export function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address) || address === 'localhost';
}

/** Reads sockets with whatever runs a command there (a host, or srun on a job's node). */
export async function readListeningSockets(run: (argv: string[]) => Promise<ExecResult>, where: string): Promise<ListeningSocket[]> {
  const ss = await run(['ss', '-Hltn']);
  if (ss.exitCode === 0) return parseSsSockets(ss.stdout);
  const proc = await run(['cat', '/proc/net/tcp', '/proc/net/tcp6']);
  // tcp6 may be absent (IPv6 disabled): whatever was read still counts.
  if (proc.stdout.trim() === '') throw new Error(`Cannot list the ports in use on ${where}: ${ss.stderr.trim().split('\n').pop() || 'ss failed'}`);
  return parseProcNetSockets(proc.stdout);
}

export async function listeningPorts(host: Host, token?: CancellationTokenLike): Promise<Set<number>> {
  const sockets = await readListeningSockets((argv) => host.exec(argv, { token, timeoutMs: 30_000 }), host.label);
  return new Set(sockets.map((socket) => socket.port));
}
