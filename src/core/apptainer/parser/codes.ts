// Stable codes of the diagnostics that mirror Apptainer's own parser and build checks.
// Documented in the README ("Lint rules"); never renumber.
export const AF = {
  emptyDefinition: 'AF001',
  missingBootstrap: 'AF002',
  invalidHeaderKey: 'AF003',
  headerWithoutValue: 'AF004',
  invalidSection: 'AF005',
  appWithoutName: 'AF006',
  shellArgMissing: 'AF007',
  unknownAgent: 'AF008',
  missingAgentKey: 'AF009',
  invalidImageReference: 'AF010',
  unknownStage: 'AF011',
  undefinedBuildArg: 'AF012',
  ignoredFilesArgs: 'AF013',
  laterStage: 'AF014',
  missingFromTolerated: 'AF015',
} as const;

/**
 * Apptainer codes whose severity settings and pragmas may change: the rest are errors Apptainer
 * raises whatever the build command line. AF012 depends on `--build-arg`, the others are warnings.
 */
export const ADJUSTABLE_APPTAINER_CODES: ReadonlySet<string> = new Set([AF.undefinedBuildArg, AF.ignoredFilesArgs, AF.laterStage, AF.missingFromTolerated]);
