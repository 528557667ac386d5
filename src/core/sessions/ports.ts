// Choosing the session's websocket port: free in the configured range on every visualization
// node the job may land on, and not promised to a session that has not started listening yet.
import type { PortRange } from '../config';
import { isHostError, type CancellationTokenLike } from '../hosts';
import { chooseFreePort } from '../slurm';
import type { ClusterHosts } from './hosts';
import { listeningPorts } from './nodePorts';

export interface PortPick {
  readonly port: number;
  /** Nodes whose ports could not be listed (the pick may collide there). */
  readonly unchecked: readonly string[];
}

export async function chooseSessionPort(
  hosts: ClusterHosts,
  range: PortRange,
  reserved: Iterable<number> = [],
  token?: CancellationTokenLike,
  random?: () => number,
): Promise<PortPick> {
  const inUse = new Set<number>(reserved);
  const unchecked: string[] = [];
  const listings = await Promise.allSettled(hosts.viz.map(({ host }) => listeningPorts(host, token)));
  listings.forEach((listing, i) => {
    if (listing.status === 'fulfilled') for (const port of listing.value) inUse.add(port);
    else {
      if (isHostError(listing.reason) && listing.reason.kind === 'cancelled') throw listing.reason;
      unchecked.push(hosts.viz[i].spec.text);
    }
  });
  const choice = chooseFreePort({ min: range.from, max: range.to }, inUse, random);
  if (choice.kind === 'exhausted') {
    throw new Error(`No free port in ${range.from}-${range.to} on ${hosts.viz.map((v) => v.spec.text).join(', ')}: widen slurm.ports in appframework.yaml or end some sessions.`);
  }
  return { port: choice.port, unchecked };
}
