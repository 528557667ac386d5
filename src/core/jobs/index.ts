// Jobs: the queue of an access host, which jobs are app sessions, commands on a job's node,
// following logs, diagnosing a session and noticing when sessions start and end.
export * from './diagnose';
export * from './format';
export * from './logs';
export * from './nodeSnapshot';
export * from './notifications';
export * from './onNode';
export * from './persistentShell';
export * from './queue';
export * from './runSlurm';
export * from './sessionJobs';
