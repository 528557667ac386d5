import type { Range, Severity } from '../types';

/** A diagnostic before its source is attached. */
export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly severity: Severity;
}
