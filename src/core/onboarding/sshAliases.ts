// The host aliases a person's ssh config defines, offered as choices for the access host and the
// visualization nodes. Patterns (`*`, `?`, `!`) and names appframework.yaml cannot hold are left out.
import SSHConfig, { LineType, type Line } from 'ssh-config';
import { parseHostSpec } from '../config/hostSpec';

export function sshConfigAliases(text: string): string[] {
  let parsed: SSHConfig;
  try {
    parsed = SSHConfig.parse(text);
  } catch {
    return [];
  }
  const aliases = new Set<string>();
  const visit = (lines: readonly Line[]) => {
    for (const line of lines) {
      if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
      const values = Array.isArray(line.value) ? line.value.map((v) => (typeof v === 'string' ? v : v.val)) : String(line.value).split(/\s+/);
      for (const value of values) if (value && !/[*?!]/.test(value) && parseHostSpec(value).ok) aliases.add(value);
    }
  };
  visit(parsed);
  return [...aliases];
}
