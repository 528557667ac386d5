// Apptainer command lines as argv arrays. Values are validated here; quoting happens once, in
// the host that runs them.
import { InvalidValue } from '../hosts/errors';
import { validated, validatedPort } from '../hosts/validate';

export interface BuildOptions {
  /** Absolute path of the image (`.sif`) or, for a sandbox build, of the sandbox folder. */
  readonly image: string;
  /** Absolute path of the definition file. */
  readonly definition: string;
  /** Writable folder tree instead of a SIF image (debug builds). */
  readonly sandbox?: boolean;
  /** `--fakeroot`: unprivileged builds through user namespaces. */
  readonly fakeroot?: boolean;
  /** Replace an existing image without asking (Apptainer otherwise prompts and fails in a task). */
  readonly force?: boolean;
  /** `--build-arg NAME=value` for `{{ NAME }}` in the definition. */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** `apptainer build [--force] [--sandbox] [--fakeroot] [--build-arg K=V...] <image> <def>`. */
export function buildArgv(options: BuildOptions): string[] {
  const argv = ['apptainer', 'build'];
  if (options.force ?? true) argv.push('--force');
  if (options.sandbox) argv.push('--sandbox');
  if (options.fakeroot) argv.push('--fakeroot');
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
    validated('envName', name);
    if (/[\0\n]/.test(value)) throw new InvalidValue('build argument', name, 'a value on one line');
    argv.push('--build-arg', `${name}=${value}`);
  }
  argv.push(validated('absolutePath', options.image), validated('absolutePath', options.definition));
  return argv;
}

export interface RunOptions {
  readonly image: string;
  /** `--env NAME=value`; with `cleanenv` nothing else of the caller's environment leaks in. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cleanenv?: boolean;
}

/** `apptainer run --cleanenv --env NAME=value... <image>`. */
export function runArgv(options: RunOptions): string[] {
  const argv = ['apptainer', 'run'];
  if (options.cleanenv ?? true) argv.push('--cleanenv');
  for (const [name, value] of Object.entries(options.env ?? {})) {
    validated('envName', name);
    if (/[\0\n,]/.test(value)) throw new InvalidValue('environment value', `${name}=${value}`, 'a value on one line without commas');
    argv.push('--env', `${name}=${value}`);
  }
  argv.push(validated('absolutePath', options.image));
  return argv;
}

/**
 * The environment the seed's job templates give an app, with ports of this run: the VNC display
 * follows its port (5900 + N), so two runs on one machine never share `:1`.
 */
export function sessionEnv(vncPort: number, websockifyPort: number, resolution = '1280x720'): Record<string, string> {
  validatedPort(vncPort);
  validatedPort(websockifyPort);
  if (vncPort <= 5900 || vncPort > 5999) throw new InvalidValue('VNC port', String(vncPort), 'use 5901 to 5999 (display :1 to :99)');
  if (!/^\d{3,5}x\d{3,5}$/.test(resolution)) throw new InvalidValue('resolution', resolution, 'use WIDTHxHEIGHT, e.g. 1280x720');
  return {
    VNC_PORT: String(vncPort),
    WEBSOCKIFY_PORT: String(websockifyPort),
    VNC_RESOLUTION: resolution,
    DISPLAY: `:${vncPort - 5900}`,
  };
}

/** `apptainer inspect --json <image>`: labels, scripts and environment as JSON. */
export function inspectArgv(image: string): string[] {
  return ['apptainer', 'inspect', '--json', '--all', validated('absolutePath', image)];
}

/** `apptainer shell --writable [--fakeroot] <sandbox>`: a shell inside a sandbox build. */
export function sandboxShellArgv(sandbox: string, fakeroot: boolean): string[] {
  return ['apptainer', 'shell', '--writable', ...(fakeroot ? ['--fakeroot'] : []), validated('absolutePath', sandbox)];
}

/** `apptainer --version`, to tell whether Apptainer is installed where a command would run. */
export function versionArgv(): string[] {
  return ['apptainer', '--version'];
}
