// First-run help: writing the cluster hosts into appframework.yaml, the ssh aliases to choose
// from, and the host keys a connection was checked against.
export * from './configHosts';
export * from './hostKeys';
export * from './sshAliases';
