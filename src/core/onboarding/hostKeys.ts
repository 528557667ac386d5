// What Configure Cluster shows about a host it connected to: the host key known_hosts holds for
// it (the key the connection was just checked against), as OpenSSH prints fingerprints.
import { resolveRoute, type SshConfigSources, type SshOverrides } from '../hosts/ssh/config';
import { fingerprint, hostFieldMatches, knownHostName, readKnownHosts } from '../hosts/ssh/knownHosts';

export interface KnownHostKey {
  /** e.g. `ssh-ed25519`. */
  readonly type: string;
  /** e.g. `SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU`. */
  readonly fingerprint: string;
  readonly file: string;
  readonly line: number;
}

export interface HostKeys {
  /** The name known_hosts files it under: `host`, or `[host]:port` off port 22. */
  readonly name: string;
  /** `user@host:port` of the last hop, for messages. */
  readonly destination: string;
  readonly keys: readonly KnownHostKey[];
}

export function knownHostKeys(target: string, sources: SshConfigSources = {}, overrides: SshOverrides = {}): HostKeys {
  const route = resolveRoute(target, sources, overrides);
  const hop = route[route.length - 1];
  const name = hop.hostKeyAlias ?? knownHostName(hop.hostName, hop.port);
  const entries = readKnownHosts([...hop.knownHostsFiles, ...hop.globalKnownHostsFiles]);
  const keys = entries
    .filter((entry) => entry.marker === undefined && hostFieldMatches(entry.hosts, name))
    .map((entry) => ({ type: entry.keyType, fingerprint: fingerprint(entry.key), file: entry.file, line: entry.line }));
  return { name, destination: `${hop.user}@${hop.hostName}:${hop.port}`, keys };
}
