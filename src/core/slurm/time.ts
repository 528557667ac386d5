// Durations and times as Slurm prints them.

/**
 * Seconds from Slurm's duration forms: `S`, `M:SS`, `H:MM:SS`, `D-HH:MM:SS`, `D-HH`, `D-HH:MM`;
 * of `text` or of its part from `from` to `to`, read in place (a busy queue has three per job).
 */
export function parseDurationSeconds(text: string, from = 0, to = text.length): number | undefined {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  let days = -1;
  let colons = 0;
  let first = 0;
  let second = 0;
  let digits = 0;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (digits === 0) {
      return undefined;
    } else if (c === 45 /* - */ && days < 0 && colons === 0) {
      days = value;
      value = digits = 0;
    } else if (c === 58 /* : */ && colons < 2) {
      if (colons++ === 0) first = value;
      else second = value;
      value = digits = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0) return undefined;
  if (days >= 0) {
    // D-H, D-H:M, D-H:M:S
    if (colons === 0) return days * 86400 + value * 3600;
    if (colons === 1) return days * 86400 + first * 3600 + value * 60;
    return days * 86400 + first * 3600 + second * 60 + value;
  }
  if (colons === 2) return first * 3600 + second * 60 + value;
  if (colons === 1) return first * 60 + value;
  return value;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Words Slurm prints where a time or duration is not known or does not apply. */
const NO_VALUE = new Set(['', 'N/A', 'NONE', 'UNKNOWN', 'INVALID', 'NOT_SET', '(NULL)']);

export function isNoValue(text: string): boolean {
  if (NO_VALUE.has(text)) return true;
  // A number (the common case) is a value: no need to normalize it.
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  return NO_VALUE.has(text.trim().toUpperCase());
}

export function isUnlimited(text: string): boolean {
  const t = text.trim().toUpperCase();
  return t === 'UNLIMITED' || t === 'INFINITE';
}

/** Epoch seconds to milliseconds; 0 and negatives mean "not set" in Slurm's output. */
export function epochToMs(seconds: number): number | undefined {
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export function epochToDate(seconds: number): Date | undefined {
  const ms = epochToMs(seconds);
  return ms === undefined ? undefined : new Date(ms);
}
