// Durations and times as Slurm prints them.

/** Seconds from Slurm's duration forms: `S`, `M:SS`, `H:MM:SS`, `D-HH:MM:SS`, `D-HH`, `D-HH:MM`. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, days, a, b, c] = m;
  let h = 0;
  let min = 0;
  let s = 0;
  if (days !== undefined) {
    // D-H, D-H:M, D-H:M:S
    h = Number(a);
    min = b === undefined ? 0 : Number(b);
    s = c === undefined ? 0 : Number(c);
  } else if (c !== undefined) {
    h = Number(a);
    min = Number(b);
    s = Number(c);
  } else if (b !== undefined) {
    min = Number(a);
    s = Number(b);
  } else {
    s = Number(a);
  }
  return (days === undefined ? 0 : Number(days)) * 86400 + h * 3600 + min * 60 + s;
}

/** Words Slurm prints where a time or duration is not known or does not apply. */
const NO_VALUE = new Set(['', 'N/A', 'NONE', 'UNKNOWN', 'INVALID', 'NOT_SET', '(NULL)']);

export function isNoValue(text: string): boolean {
  return NO_VALUE.has(text.trim().toUpperCase());
}

export function isUnlimited(text: string): boolean {
  const t = text.trim().toUpperCase();
  return t === 'UNLIMITED' || t === 'INFINITE';
}

/** Epoch seconds to a Date; 0 and negatives mean "not set" in Slurm's output. */
export function epochToDate(seconds: number): Date | undefined {
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}
