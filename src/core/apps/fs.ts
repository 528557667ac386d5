import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

/** What the apps model needs from a file system; tests run it on real files, the editor may overlay open documents. */
export interface ProjectFs {
  /** `undefined` when the file does not exist. */
  readText(file: string): Promise<string | undefined>;
  /** `undefined` when nothing exists at that path. */
  stat(file: string): Promise<FileStat | undefined>;
  /** Names in a folder; empty when the folder does not exist. */
  list(folder: string): Promise<string[]>;
}

/** Writes used by New App, applied only after every edit has been computed. */
export interface WritableProjectFs extends ProjectFs {
  writeText(file: string, text: string): Promise<void>;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export const nodeFs: WritableProjectFs = {
  async readText(file) {
    try {
      return await fsp.readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async stat(file) {
    try {
      const stat = await fsp.stat(file);
      return { size: stat.size, mtimeMs: stat.mtimeMs, isFile: stat.isFile(), isDirectory: stat.isDirectory() };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async list(folder) {
    try {
      return await fsp.readdir(folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  },
  async writeText(file, text) {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    // Write beside the target and rename, so a reader never sees half a file.
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    await fsp.writeFile(temporary, text, 'utf8');
    try {
      const existing = await fsp.stat(file).catch(() => undefined);
      if (existing) await fsp.chmod(temporary, existing.mode & 0o7777);
      await fsp.rename(temporary, file);
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
  },
};
