// Sessions: launching an app's job, reading its info on the node, and reaching its websocket port.
export * from './backend';
export * from './delay';
export * from './discover';
export * from './endpoint';
export * from './hosts';
export * from './jobTemplate';
export * from './launch';
export * from './nodePorts';
export * from './ports';
export * from './sessionInfo';
export * from './viewerSession';
export * from './vncPassword';
export * from './websocket';
