// The user's home folder on a remote host, asked once per host: build folders live under it.
import { runChecked, validated, type Host } from '../../core/hosts';

export class RemoteHomes {
  private readonly homes = new WeakMap<Host, Promise<string>>();

  of(host: Host): Promise<string> {
    let home = this.homes.get(host);
    if (!home) {
      home = runChecked(host, ['sh', '-c', 'printf %s "$HOME"']).then((result) => validated('absolutePath', result.stdout.trim()));
      home.catch(() => this.homes.delete(host));
      this.homes.set(host, home);
    }
    return home;
  }
}
