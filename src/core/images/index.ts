// Images on the viz nodes: one listing command per node, compared with the local builds.
export * from './list';
export * from './match';
