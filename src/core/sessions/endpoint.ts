// How the editor reaches a session's websocket port on its node. A node that is one of the
// configured visualization hosts is reached through SSH to that node (websockify may listen on
// the node's 127.0.0.1 only, as New App's templates do); any other node through the access host,
// by its Slurm node name. The node's address from the info file (NODE_IP) is never used: it may
// be an interface this machine must not (or cannot) reach.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { CancellationTokenLike, Host } from '../hosts';
import type { ViewerTarget } from './viewerMessages';
import { localNodeName, shortName, sshTarget, type ClusterHosts, type NamedHost } from './hosts';

export interface SessionEndpoint {
  readonly target: ViewerTarget;
  /** The host the target's `via` names (undefined for direct targets). */
  readonly via?: Host;
  /** For messages: "viz-node001 → 127.0.0.1:6080". */
  readonly description: string;
}

/** Maps Slurm node names to the configured visualization hosts by asking each its host name once. */
export class NodeResolver {
  private readonly names = new Map<NamedHost, Promise<string | undefined>>();

  constructor(private readonly hosts: ClusterHosts) {}

  /** The visualization host that is `node`, if one is. */
  async vizHostOf(node: string, token?: CancellationTokenLike): Promise<NamedHost | undefined> {
    const wanted = shortName(node);
    for (const named of this.hosts.viz) {
      if (named.spec.kind === 'alias' && shortName(named.spec.alias) === wanted) return named;
      if ((await this.nameOf(named, token)) === wanted) return named;
    }
    return undefined;
  }

  /**
   * Starts asking every visualization host its name, so a later `endpoint` need not wait for it.
   * Not cancellable: another caller may be waiting for the same answer.
   */
  prefetch(): void {
    for (const named of this.hosts.viz) void this.nameOf(named);
  }

  async endpoint(node: string, port: number, token?: CancellationTokenLike): Promise<SessionEndpoint> {
    const viz = await this.vizHostOf(node, token);
    if (viz) {
      if (viz.spec.kind === 'local') return { target: { kind: 'direct', host: '127.0.0.1', port }, description: `127.0.0.1:${port} (this machine is ${node})` };
      const via = sshTarget(viz.spec);
      return { target: { kind: 'ssh', via, host: '127.0.0.1', port }, via: viz.host, description: `127.0.0.1:${port} on ${node} through SSH to ${via}` };
    }
    const access = this.hosts.access;
    if (access.spec.kind === 'local') return { target: { kind: 'direct', host: node, port }, description: `${node}:${port}` };
    const via = sshTarget(access.spec);
    return { target: { kind: 'ssh', via, host: node, port }, via: access.host, description: `${node}:${port} from ${via}` };
  }

  private nameOf(named: NamedHost, token?: CancellationTokenLike): Promise<string | undefined> {
    let name = this.names.get(named);
    if (!name) {
      name =
        named.spec.kind === 'local'
          ? Promise.resolve(localNodeName())
          : named.host.exec(['uname', '-n'], { token, timeoutMs: 30_000 }).then(
              (result) => (result.exitCode === 0 ? shortName(result.stdout) : undefined),
              // An unreachable node is simply not this one; asked again next time.
              () => {
                this.names.delete(named);
                return undefined;
              },
            );
      this.names.set(named, name);
    }
    return name;
  }
}

/** A stream to the endpoint's port, and how to let go of what it opened. */
export async function openEndpointStream(endpoint: SessionEndpoint, timeoutMs = 10_000): Promise<{ stream: Duplex; close(): Promise<void> }> {
  const { target } = endpoint;
  if (target.kind === 'direct') return { stream: await tcp(target.host, target.port, timeoutMs), close: async () => undefined };
  if (!endpoint.via) throw new Error(`No SSH host for ${target.via}.`);
  const forward = await endpoint.via.forward(target.host, target.port);
  try {
    return { stream: await tcp('127.0.0.1', forward.localPort, timeoutMs), close: () => forward.close() };
  } catch (error) {
    await forward.close();
    throw error;
  }
}

function tcp(host: string, port: number, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no connection to ${host}:${port} in time`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'ECONNREFUSED' ? `${host}:${port} refused the connection` : error.message)));
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}
