import * as vscode from 'vscode';

/** VNC passwords the user chose to keep, one per app, in VS Code's secret storage. */
export class VncPasswords {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  stored(app: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(secretKey(app)));
  }

  forget(app: string): Promise<void> {
    return Promise.resolve(this.secrets.delete(secretKey(app)));
  }

  /** Asks for the password; offers to remember it without holding up the connection. */
  async ask(app: string): Promise<string | undefined> {
    const password = await vscode.window.showInputBox({
      title: `VNC password for ${app}`,
      prompt: "The session's desktop asks for its VNC password.",
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? 'Enter the password.' : undefined),
    });
    if (password === undefined) return undefined;
    void this.offerToRemember(app, password);
    return password;
  }

  private async offerToRemember(app: string, password: string): Promise<void> {
    const remember = 'Remember';
    const choice = await vscode.window.showInformationMessage(
      `Remember the VNC password for ${app} in VS Code's secret storage?`,
      remember,
      'Not Now',
    );
    if (choice === remember) await this.secrets.store(secretKey(app), password);
  }
}

function secretKey(app: string): string {
  return `appframework.vncPassword.${app}`;
}
