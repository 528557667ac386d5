// Slurm, described as data: argv builders and output parsers for 22.05 to 24.x. No process is
// started here; the host layer runs the operations.
export * from './errors';
export * from './operation';
export * from './validate';
export * from './state';
export * from './time';
export * from './job';
export * from './squeue';
export { parseSqueueJson } from './squeue-json';
export { parseSqueueFormatted, delimitersFor, squeueFormatArgument, SQUEUE_FORMAT_FIELDS, type Delimiters } from './squeue-format';
export * from './sbatch';
export * from './scancel';
export * from './scontrol';
export * from './srun';
export * from './sacct';
export * from './session-info';
export * from './session-id';
export * from './ports';
