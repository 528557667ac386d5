// What a build of one app runs, and where: on this machine in the project folder, or on a
// remote access host in a build folder of the user's there (the definition is copied over first,
// and the image stays there: deploys send it from there straight to the nodes).
import * as path from 'node:path';
import { definitionFileOf, imageFileOf } from '../apps/model';
import type { ProjectConfig } from '../config/types';
import type { Host } from '../hosts/host';
import { validated } from '../hosts/validate';
import { buildArgv, sandboxShellArgv } from './argv';
import type { BuildJob } from './run';

export interface BuildRequest {
  readonly appId: string;
  /** Writable folder tree for debugging instead of a `.sif`. */
  readonly sandbox?: boolean;
}

export interface BuildPlan extends BuildJob {
  /** Where the result lands on the build host. */
  readonly output: string;
  /** The definition file as the build host sees it. */
  readonly definition: string;
  /** For a remote build host: the local definition to copy to `definition` first. */
  readonly upload?: { readonly from: string };
}

/** The folder on a remote build host that holds copied definitions and built images. */
export function remoteBuildFolder(home: string): string {
  return path.posix.join(validated('absolutePath', home), '.cache', 'appframework', 'build');
}

export function sandboxPathOf(image: string): string {
  return image.replace(/\.sif$/, '') + '_sandbox';
}

/**
 * The build for `request` on `host`. `remoteHome` is the user's home on a remote build host
 * (undefined for a build on this machine).
 */
export function planBuild(config: ProjectConfig, request: BuildRequest, host: Host, definitionText: string, remoteHome?: string): BuildPlan {
  const id = validated('appId', request.appId);
  const localDefinition = definitionFileOf(config, id);
  const folder = remoteHome === undefined ? undefined : remoteBuildFolder(remoteHome);
  const definition = folder ? path.posix.join(folder, `${id}.def`) : localDefinition;
  const image = folder ? path.posix.join(folder, `${id}.sif`) : imageFileOf(config, id);
  const output = request.sandbox ? sandboxPathOf(image) : image;
  const fakeroot = config.build.fakeroot;
  return {
    host,
    argv: buildArgv({ image: output, definition, sandbox: request.sandbox, fakeroot, force: true }),
    cwd: folder ?? config.root,
    sudo: config.build.sudo && !fakeroot,
    definitionText,
    output,
    definition,
    ...(folder ? { upload: { from: localDefinition } } : {}),
  };
}

/** The shell into a sandbox build, run the way the build was (sudo or fakeroot). */
export function sandboxShell(config: ProjectConfig, sandbox: string): { argv: string[]; sudo: boolean } {
  return { argv: sandboxShellArgv(sandbox, config.build.fakeroot), sudo: config.build.sudo && !config.build.fakeroot };
}
