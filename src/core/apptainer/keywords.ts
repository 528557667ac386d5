// The vocabulary of Apptainer 1.4 definition files, as its parser and build code accept it
// (pkg/build/types/parser/deffile.go, internal/pkg/build/conveyorPacker.go and the
// conveyor packers under internal/pkg/build/sources).

/** Sections without an app name; `%files` may also take `from <stage>`. */
export const STANDARD_SECTIONS = [
  'arguments',
  'setup',
  'files',
  'post',
  'test',
  'environment',
  'runscript',
  'startscript',
  'labels',
  'help',
  'pre',
] as const;

/** SCI-F app sections: `%appinstall <name>`, ... */
export const APP_SECTIONS = ['appinstall', 'appfiles', 'appenv', 'apprun', 'appstart', 'apptest', 'applabels', 'apphelp'] as const;

/** Sections whose body is a shell script. */
export const SCRIPT_SECTIONS: ReadonlySet<string> = new Set([
  'setup',
  'pre',
  'post',
  'test',
  'environment',
  'runscript',
  'startscript',
  'appinstall',
  'appenv',
  'apprun',
  'appstart',
  'apptest',
]);

/** Sections whose `-c <shell>` argument Apptainer evaluates when it runs them at build time. */
export const SHELL_ARG_SECTIONS: ReadonlySet<string> = new Set(['setup', 'pre', 'post']);

/** Header keywords (lower case: Apptainer lower-cases keys). `otherurl<N>` takes any number. */
export const HEADER_KEYS = [
  'bootstrap',
  'from',
  'stage',
  'fingerprints',
  'registry',
  'namespace',
  'library',
  'includecmd',
  'mirrorurl',
  'updateurl',
  'osversion',
  'include',
  'setopt',
  'confurl',
  'product',
  'user',
  'regcode',
  'productpgp',
  'registerurl',
  'modules',
  'otherurl<N>',
  'target',
  'frontend',
  'filename',
  'buildargs',
] as const;

const headerKeySet: ReadonlySet<string> = new Set(HEADER_KEYS);

/** Apptainer's check: the key itself, or the key with its trailing digits replaced by `<N>`. */
export function isValidHeaderKey(key: string): boolean {
  if (headerKeySet.has(key)) return true;
  const numbered = key.replace(/\d+$/, '<N>');
  return numbered !== key && headerKeySet.has(numbered);
}

/** How the keys are usually spelled in files (keys are case-insensitive). */
export const HEADER_KEY_SPELLING: Record<string, string> = {
  bootstrap: 'Bootstrap',
  from: 'From',
  stage: 'Stage',
  fingerprints: 'Fingerprints',
  registry: 'Registry',
  namespace: 'Namespace',
  library: 'Library',
  includecmd: 'IncludeCmd',
  mirrorurl: 'MirrorURL',
  updateurl: 'UpdateURL',
  osversion: 'OSVersion',
  include: 'Include',
  setopt: 'Setopt',
  confurl: 'ConfURL',
  product: 'Product',
  user: 'User',
  regcode: 'Regcode',
  productpgp: 'ProductPGP',
  registerurl: 'RegisterURL',
  modules: 'Modules',
  'otherurl<N>': 'OtherURL0',
  target: 'Target',
  frontend: 'Frontend',
  filename: 'Filename',
  buildargs: 'BuildArgs',
};

export function spellHeaderKey(key: string): string {
  return HEADER_KEY_SPELLING[key] ?? (/^otherurl\d+$/.test(key) ? `OtherURL${key.slice(8)}` : key);
}

export interface AgentSpec {
  readonly name: string;
  /** Keys the agent cannot work without (lower case). */
  readonly required: readonly string[];
  /** Keys completion inserts with the agent, with example values. */
  readonly snippet: Readonly<Record<string, string>>;
}

function agent(name: string, required: string[], snippet: Record<string, string> = {}): AgentSpec {
  return { name, required, snippet };
}

/** Every value `Bootstrap:` accepts. Names are case-sensitive: `Docker` is rejected. */
export const AGENTS: Readonly<Record<string, AgentSpec>> = {
  docker: agent('docker', ['from'], { from: 'debian:bookworm-slim' }),
  'docker-archive': agent('docker-archive', ['from'], { from: 'image.tar' }),
  'docker-daemon': agent('docker-daemon', ['from'], { from: 'image:tag' }),
  oci: agent('oci', ['from'], { from: 'path/to/layout:tag' }),
  'oci-archive': agent('oci-archive', ['from'], { from: 'image.oci.tar' }),
  library: agent('library', ['from'], { from: 'alpine:3.20' }),
  oras: agent('oras', ['from'], { from: 'registry.example/project/image:tag' }),
  shub: agent('shub', ['from'], { from: 'user/collection:tag' }),
  localimage: agent('localimage', ['from'], { from: 'base.sif' }),
  debootstrap: agent('debootstrap', ['osversion', 'mirrorurl'], { osversion: 'bookworm', mirrorurl: 'http://deb.debian.org/debian' }),
  yum: agent('yum', ['mirrorurl'], { osversion: '9', mirrorurl: 'http://mirror.example/%{OSVERSION}/BaseOS/x86_64/os' }),
  dnf: agent('dnf', ['mirrorurl'], { osversion: '9', mirrorurl: 'http://mirror.example/%{OSVERSION}/BaseOS/x86_64/os' }),
  // Without MirrorURL zypper uses the build host's SUSE registration.
  zypper: agent('zypper', [], { osversion: '15.6', mirrorurl: 'http://download.opensuse.org/distribution/leap/%{OSVERSION}/repo/oss/' }),
  busybox: agent('busybox', ['mirrorurl'], { mirrorurl: 'https://www.busybox.net/downloads/binaries/1.35.0-x86_64-linux-musl/busybox' }),
  arch: agent('arch', []),
  scratch: agent('scratch', []),
  buildkit: agent('buildkit', ['from'], { from: 'path/to/context' }),
};

/** Agents whose `From:` is a registry image reference (`name[:tag][@digest]`). */
export const IMAGE_REFERENCE_AGENTS: ReadonlySet<string> = new Set(['docker', 'docker-daemon', 'library', 'oras']);
