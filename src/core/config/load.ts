import * as path from 'node:path';
import { defaultConfig } from './defaults';
import { parseConfig, type ParsedConfig } from './parse';
import { CONFIG_FILE_NAME, type PersonalSettings } from './types';

/** Reads a text file; `undefined` when it does not exist. */
export interface TextReader {
  readText(file: string): Promise<string | undefined>;
}

export interface LoadedConfig extends ParsedConfig {
  /** The config file's path, whether or not it exists. */
  readonly file: string;
  readonly exists: boolean;
}

export function configFileOf(root: string): string {
  return path.join(path.resolve(root), CONFIG_FILE_NAME);
}

/** The project configuration of a workspace folder: its appframework.yaml, or the defaults. */
export async function loadProjectConfig(root: string, reader: TextReader, personal?: PersonalSettings): Promise<LoadedConfig> {
  const file = configFileOf(root);
  const text = await reader.readText(file);
  if (text === undefined) return { file, exists: false, config: defaultConfig(root, personal), diagnostics: [] };
  return { file, exists: true, ...parseConfig(text, root, personal, file) };
}
