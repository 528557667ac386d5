import type { CliIo } from './main';

export async function runLint(_args: string[], io: CliIo): Promise<number> {
  io.err('appframework lint: not available yet\n');
  return 2;
}
