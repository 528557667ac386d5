/**
 * An app id becomes a file name, a Slurm job name, a path on the viz nodes and a word in job
 * scripts, so only characters that are safe in all of them are allowed.
 */
export const APP_ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** A message saying what is wrong with the id, or `undefined` when it is valid. */
export function appIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'the app id must not be empty';
  if (id.length > 32) return 'the app id must be at most 32 characters';
  if (!/^[a-z]/.test(id)) return 'the app id must start with a lowercase letter (a-z)';
  if (!APP_ID_PATTERN.test(id)) return 'the app id may only hold lowercase letters, digits, "_" and "-"';
  return undefined;
}

export function isAppId(id: string): boolean {
  return APP_ID_PATTERN.test(id);
}
