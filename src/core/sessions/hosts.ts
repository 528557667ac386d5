// Which machines a project's Slurm work runs on: the access host (sbatch, squeue, srun) and the
// visualization nodes named in appframework.yaml, as Hosts from one shared SSH pool.
import { hostname } from 'node:os';
import type { HostSpec, PersonalSettings, ProjectConfig } from '../config';
import { LocalHost, type Host, type SshOverrides } from '../hosts';

/** Where SSH hosts come from: the extension's (or the CLI's) one SshPool. */
export interface SshHostSource {
  host(target: string, overrides?: SshOverrides): Host;
}

export interface NamedHost {
  readonly spec: HostSpec;
  readonly host: Host;
}

export interface ClusterHosts {
  /** Runs sbatch, squeue, scancel and srun. */
  readonly access: NamedHost;
  /** The visualization nodes (deploy targets), also used to reach a session's port on its node. */
  readonly viz: readonly NamedHost[];
}

const sharedLocal = new LocalHost();

/** The SSH target a spec names: an alias as written, or `user@host[:port]` (IPv6 in brackets). */
export function sshTarget(spec: Exclude<HostSpec, { kind: 'local' }>): string {
  if (spec.kind === 'alias') return spec.alias;
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  return `${spec.user}@${host}${spec.port === undefined ? '' : `:${spec.port}`}`;
}

/** Personal settings win over ~/.ssh/config: the user name (for aliases) and the identity file. */
export function sshOverrides(spec: HostSpec, personal: PersonalSettings): SshOverrides {
  const { user, identityFile } = personal.ssh;
  return {
    ...(spec.kind === 'alias' && user ? { user } : {}),
    ...(identityFile ? { identityFiles: [identityFile] } : {}),
  };
}

export function hostFor(spec: HostSpec, ssh: SshHostSource | undefined, personal: PersonalSettings, local: Host = sharedLocal): Host {
  if (spec.kind === 'local') return local;
  if (!ssh) throw new Error(`${spec.text} is reached over SSH, and no SSH connection is available here.`);
  return ssh.host(sshTarget(spec), sshOverrides(spec, personal));
}

export function clusterHosts(config: ProjectConfig, ssh: SshHostSource | undefined, local: Host = sharedLocal): ClusterHosts {
  const named = (spec: HostSpec): NamedHost => ({ spec, host: hostFor(spec, ssh, config.personal, local) });
  return { access: named(config.hosts.access), viz: config.hosts.viz.map(named) };
}

/** The short host name of this machine, as Slurm names nodes. */
export function localNodeName(): string {
  return shortName(hostname());
}

export function shortName(name: string): string {
  return name.trim().split('.')[0].toLowerCase();
}
