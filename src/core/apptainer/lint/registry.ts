import { aptAssumeYes, aptListsCleanup, aptNoninteractive, aptNotAptGet } from './rules/apt';
import { imageTagPinned } from './rules/image';
import { pipNoCacheDir } from './rules/pip';
import { startscriptWithoutRunscript, sudoInPost } from './rules/scripts';
import { vncAllInterfaces, vncFixedDisplay, vncPasswordBaked } from './rules/vnc';
import type { LintRule } from './rule';

/** Every lint rule, in code order. */
export const LINT_RULES: readonly LintRule[] = [
  aptAssumeYes,
  aptListsCleanup,
  aptNoninteractive,
  aptNotAptGet,
  pipNoCacheDir,
  imageTagPinned,
  vncPasswordBaked,
  vncFixedDisplay,
  vncAllInterfaces,
  startscriptWithoutRunscript,
  sudoInPost,
];
