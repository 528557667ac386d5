// What launching needs from an app's Slurm job template: its text and the job name it asks for.

/**
 * The job name from `#SBATCH --job-name=NAME`, `--job-name NAME` or `-J NAME`. sbatch reads
 * directives only up to the first command, so later lines do not count.
 */
export function templateJobName(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || (line.startsWith('#') && !line.startsWith('#SBATCH'))) continue;
    if (!line.startsWith('#SBATCH')) break;
    const words = line.slice('#SBATCH'.length).replace(/\s#.*$/, '').trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const long = /^--job-name(?:=(.*))?$/.exec(word);
      if (long) return unquote(long[1] ?? words[i + 1] ?? '') || undefined;
      const short = /^-J(.*)$/.exec(word);
      if (short) return unquote(short[1] || (words[i + 1] ?? '')) || undefined;
    }
  }
  return undefined;
}

function unquote(word: string): string {
  const m = /^(["'])(.*)\1$/.exec(word);
  return m ? m[2] : word;
}
