// Which command completes which Get Started step: the context key it sets once it succeeded.
// Kept free of `vscode` so the manifest's walkthrough can be checked against it in unit tests.
export const WALKTHROUGH_STEP_KEYS: Readonly<Record<string, string>> = {
  'appframework.configureCluster': 'appframework.walkthrough.clusterConfigured',
  'appframework.newApp': 'appframework.walkthrough.appCreated',
  'appframework.build': 'appframework.walkthrough.built',
  'appframework.deploy': 'appframework.walkthrough.deployed',
  'appframework.launchSession': 'appframework.walkthrough.launched',
  'appframework.openJobViewer': 'appframework.walkthrough.viewed',
  'appframework.openViewer': 'appframework.walkthrough.viewed',
  'appframework.verifyApp': 'appframework.walkthrough.verified',
};
