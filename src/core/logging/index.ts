// What the log shows about remote work: commands with secrets masked, per host.
export * from './loggingHost';
export * from './maskSecrets';
