// Verify App: the seed guide's checklist as one run with a report (Markdown, text, JSON).
export * from './types';
export { DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from './context';
export { verifyApp, outcomeOfError, type VerifyEvent, type VerifyRequest } from './run';
export { renderVerifyMarkdown, renderVerifyText } from './render';
export { probeRfb, describeRfbProbe, type RfbProbeResult, type RfbProbeOptions, type RfbStage } from './rfb/probe';
