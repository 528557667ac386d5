// Build and run: Apptainer argv, the build runner and what its output means for the def file.
export * from './argv';
export * from './inspect';
export * from './output';
export * from './plan';
export * from './ports';
export * from './run';
