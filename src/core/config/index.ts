export * from './diagnostics';
export * from './hostSpec';
export * from './types';
export { defaultConfig, DEFAULT_DEPLOY, DEFAULT_PATHS, DEFAULT_SLURM } from './defaults';
export { parseConfig, type ParsedConfig } from './parse';
export { loadProjectConfig, configFileOf, type LoadedConfig, type TextReader } from './load';
export { renderConfigTemplate } from './template';
export { checkMemory, checkTime, checkCpus, checkPartition } from './values';
