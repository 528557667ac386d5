// The host layer: where commands run and files move (this machine, or over SSH).
export * from './cancellation';
export * from './errors';
export { runChecked } from './exec';
export type * from './host';
export { LocalHost } from './local';
export { shellJoin, shellQuote } from './quote';
export * from './validate';
export type { HostKeyQuestion, KeyboardInteractiveRequest, SshPrompts } from './ssh/auth';
export { parseDestination, resolveRoute, type ResolvedHop, type SshConfigSources, type SshOverrides } from './ssh/config';
export type { ConnectionState, ReconnectPolicy } from './ssh/connection';
export { SshPool, type SshPoolOptions } from './ssh/pool';
export { SshHost } from './ssh/sshHost';
