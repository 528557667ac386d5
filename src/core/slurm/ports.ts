import { SlurmInputError } from './errors';
import { PORT_MAX, PORT_MIN, validatePort } from './validate';

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** `6080-6180` (as in appframework.yaml) or `{min, max}`; both ends included. */
export function parsePortRange(value: string | PortRange): PortRange {
  let range: PortRange;
  if (typeof value === 'string') {
    const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(value);
    if (!m) throw new SlurmInputError('port range', value, 'expected FROM-TO, e.g. 6080-6180');
    range = { min: Number(m[1]), max: Number(m[2]) };
  } else {
    range = value;
  }
  validatePort(range.min, 'port range start');
  validatePort(range.max, 'port range end');
  if (range.min > range.max) throw new SlurmInputError('port range', value, 'the first port is above the last');
  return { min: range.min, max: range.max };
}

export type PortChoice = { readonly kind: 'ok'; readonly port: number } | { readonly kind: 'exhausted'; readonly range: PortRange };

/**
 * A port of the range that is not in use. The search starts at a random place so that two
 * launches at the same moment rarely pick the same port; `random` (0 <= r < 1) is for tests.
 */
export function chooseFreePort(range: string | PortRange, inUse: Iterable<number>, random: () => number = Math.random): PortChoice {
  const { min, max } = parsePortRange(range);
  const used = new Set<number>();
  for (const port of inUse) if (Number.isInteger(port) && port >= PORT_MIN && port <= PORT_MAX) used.add(port);
  const size = max - min + 1;
  const offset = Math.min(size - 1, Math.max(0, Math.floor(random() * size)));
  for (let i = 0; i < size; i++) {
    const port = min + ((offset + i) % size);
    if (!used.has(port)) return { kind: 'ok', port };
  }
  return { kind: 'exhausted', range: { min, max } };
}
