// OpenSSH pattern lists (ssh_config(5) PATTERNS): `*` and `?` wildcards, `!` negation, matched
// case-insensitively. Used for Host lines and known_hosts host fields.

function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

export function matchesPattern(pattern: string, text: string): boolean {
  return patternToRegExp(pattern).test(text);
}

/** True when a positive pattern matches and no negated one does. */
export function matchesPatternList(patterns: readonly string[], text: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesPattern(pattern.slice(1), text)) return false;
    } else if (matchesPattern(pattern, text)) {
      matched = true;
    }
  }
  return matched;
}
