// Free ports on the machine a local run happens on, read from /proc/net/tcp{,6} (no ss/netstat
// needed): one command, the same on this machine and over SSH.
import { chooseFreePort, type PortChoice, type PortRange } from '../slurm/ports';

/** argv that prints the kernel's TCP socket tables. */
export const LISTENING_ARGV: readonly string[] = ['cat', '/proc/net/tcp', '/proc/net/tcp6'];

const LISTEN = '0A';

/** Ports with a socket in LISTEN state, from /proc/net/tcp and /proc/net/tcp6 text. */
export function parseListeningPorts(text: string): Set<number> {
  const ports = new Set<number>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st ...
    if (fields.length < 4 || !/^\d+:$/.test(fields[0]) || fields[3] !== LISTEN) continue;
    const port = Number.parseInt(fields[1].split(':').pop() ?? '', 16);
    if (Number.isInteger(port) && port > 0 && port < 65536) ports.add(port);
  }
  return ports;
}

/** The VNC port (display :1 to :99) and the websockify port of a local run, both free. */
export function choosePorts(listening: ReadonlySet<number>, websockifyRange: PortRange, random?: () => number): { vnc: number; websockify: number } | undefined {
  const vnc: PortChoice = chooseFreePort({ min: 5901, max: 5999 }, listening, random);
  const websockify: PortChoice = chooseFreePort(websockifyRange, listening, random);
  if (vnc.kind !== 'ok' || websockify.kind !== 'ok') return undefined;
  return { vnc: vnc.port, websockify: websockify.port };
}
