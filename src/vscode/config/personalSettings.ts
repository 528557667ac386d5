import * as vscode from 'vscode';
import type { PersonalSettings } from '../../core/config';

/** Settings that belong to one person (never to appframework.yaml): ssh user and keys. Never passwords. */
export function readPersonalSettings(folder?: vscode.WorkspaceFolder): PersonalSettings {
  const settings = vscode.workspace.getConfiguration('appframework.ssh', folder?.uri);
  const text = (key: string) => {
    const value = settings.get<string>(key)?.trim();
    return value ? value : undefined;
  };
  const user = text('user');
  const identityFile = text('identityFile');
  const configFile = text('configFile');
  return {
    ssh: {
      ...(user ? { user } : {}),
      ...(identityFile ? { identityFile } : {}),
      ...(configFile ? { configFile } : {}),
    },
  };
}

export const PERSONAL_SETTINGS_SECTION = 'appframework.ssh';
