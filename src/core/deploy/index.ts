// Deploy: checksum, plan, verified atomic install of images on the viz nodes.
export * from './checksum';
export * from './deploy';
export * from './deployNode';
export * from './errors';
export * from './format';
export * from './probe';
export * from './source';
export * from './targets';
export { scriptArgv, DELETE, HASH, PROBE, RECEIVE, REPAIR } from './scripts';
