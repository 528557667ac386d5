// Hover and completion documentation, in Markdown.

export const SECTION_DOCS: Readonly<Record<string, string>> = {
  arguments:
    'Default values for `{{ name }}` placeholders, one `name=value` per line. `apptainer build --build-arg name=value` overrides them; a placeholder without a default fails the build unless it is given.',
  setup:
    'Shell script run **on the host** after the base image is in place, before `%files` and `%post`. `$APPTAINER_ROOTFS` is the container root. Runs with `/bin/sh -ex` (stops at the first failing command); `%setup -c /bin/bash` picks another shell. Prefer `%files`.',
  files:
    'Files to copy into the image before `%post`: one `<source> [<destination>]` per line. `%files from <stage>` copies from an earlier stage of a multi-stage file instead of the host.',
  post:
    'Shell script run **inside the container** at build time, as root (or fakeroot): install packages, write configuration. Runs with `/bin/sh -ex` (stops at the first failing command); `%post -c /bin/bash` picks another shell. Several `%post` sections are joined.',
  test: 'Shell script run at the end of the build (skip with `--notest`) and by `apptainer test`.',
  environment:
    'Shell lines sourced at **run time** (not during `%post`): `export NAME=value`. Values given with `apptainer run --env` take precedence.',
  runscript:
    'What `apptainer run image.sif` (and `./image.sif`) executes, with the arguments after the image name. The App Framework job runs `apptainer run`, so the app starts here.',
  startscript:
    'What `apptainer instance start` executes. `apptainer run` never runs it: an app launched by a job with `apptainer run` needs `%runscript`.',
  labels: 'Metadata: one `Name value` pair per line, shown by `apptainer inspect`.',
  help: 'Text shown by `apptainer run-help`.',
  pre: 'Shell script run on the host before the bootstrap (legacy; prefer `%setup`).',
  appinstall: 'SCI-F app: build-time script for the app (`%appinstall <app>`), run after `%post` in `/scif/apps/<app>`.',
  appfiles: 'SCI-F app: files copied into `/scif/apps/<app>` (`%appfiles <app>`).',
  appenv: 'SCI-F app: environment sourced when the app runs (`%appenv <app>`).',
  apprun: 'SCI-F app: what `apptainer run --app <app>` executes (`%apprun <app>`).',
  appstart: 'SCI-F app: what `apptainer instance start --app <app>` executes (`%appstart <app>`).',
  apptest: 'SCI-F app: test run by `apptainer test --app <app>` (`%apptest <app>`).',
  applabels: 'SCI-F app: labels of the app (`%applabels <app>`).',
  apphelp: 'SCI-F app: help text of the app (`%apphelp <app>`).',
};

export const HEADER_DOCS: Readonly<Record<string, string>> = {
  bootstrap: 'The bootstrap agent that provides the base system: `docker`, `library`, `localimage`, `debootstrap`, ... Required, and starts a new stage.',
  from: 'The image to start from: a registry reference (`ubuntu:22.04`) for docker/library/oras/shub, a path for localimage/docker-archive/oci, a build context for buildkit.',
  stage: 'Names this stage so a later stage can copy from it with `%files from <name>`.',
  fingerprints: 'Comma-separated key fingerprints the SIF base image must be signed with, or the build fails.',
  registry: 'docker/oci agents: registry host prepended to `From:`.',
  namespace: 'docker/oci agents: namespace prepended to `From:`.',
  library: 'library agent: URL of the library service to pull from.',
  includecmd: 'Legacy docker option: use the image CMD as the runscript.',
  mirrorurl: 'debootstrap/yum/zypper/busybox: the package mirror (or busybox binary) URL. `%{OSVERSION}` is replaced by `OSVersion:`.',
  updateurl: 'yum/zypper: URL of an updates repository.',
  osversion: 'debootstrap: the suite (`bookworm`); yum/zypper: the release substituted for `%{OSVERSION}`.',
  include: 'debootstrap/yum/zypper/arch: extra packages to install into the base system.',
  setopt: 'yum: an option passed to yum/dnf with `--setopt`.',
  confurl: 'arch: URL of the pacman.conf to use.',
  product: 'zypper (SLE): product to register.',
  user: 'zypper (SLE): registration e-mail.',
  regcode: 'zypper (SLE): registration code.',
  productpgp: 'zypper (SLE): PGP key of the product.',
  registerurl: 'zypper (SLE): registration server URL.',
  modules: 'zypper (SLE): comma-separated modules to register.',
  'otherurl<N>': 'zypper: additional repositories, `OtherURL0`, `OtherURL1`, ...',
  target: 'buildkit: the Dockerfile stage to build.',
  frontend: 'buildkit: the BuildKit frontend (default `dockerfile.v0`).',
  filename: 'buildkit: the Dockerfile name in the context (default `Dockerfile`).',
  buildargs: 'buildkit: space-separated `NAME=value` build arguments.',
};

export const AGENT_DOCS: Readonly<Record<string, string>> = {
  docker: 'Pulls an OCI image from a Docker registry (Docker Hub by default). Needs `From:`.',
  'docker-archive': 'Uses a `docker save` tar file. Needs `From:` (the path).',
  'docker-daemon': 'Uses an image from the local Docker daemon. Needs `From:`.',
  oci: 'Uses an OCI image layout directory. Needs `From:`.',
  'oci-archive': 'Uses an OCI layout tar archive. Needs `From:`.',
  library: 'Pulls a SIF from a library service. Needs `From:`.',
  oras: 'Pulls a SIF stored in an OCI registry with ORAS. Needs `From:`.',
  shub: 'Pulls from Singularity Hub. Needs `From:`.',
  localimage: 'Starts from a local SIF or sandbox. Needs `From:` (the path).',
  debootstrap: 'Builds a Debian/Ubuntu system with debootstrap (root or fakeroot). Needs `OSVersion:` and `MirrorURL:`.',
  yum: 'Builds an RPM system with yum/dnf. Needs `MirrorURL:` (and `OSVersion:` when the URL holds `%{OSVERSION}`).',
  dnf: 'Same as yum, with dnf. Needs `MirrorURL:` (and `OSVersion:` when the URL holds `%{OSVERSION}`).',
  zypper:
    'Builds a SUSE system with zypper from `MirrorURL:` (without it, from the build host\'s registration). SLE registration needs `Product:`, `User:`, `Regcode:` and `OSVersion:`.',
  busybox: 'A minimal BusyBox system. Needs `MirrorURL:` (the busybox binary).',
  arch: 'Builds an Arch Linux system with pacstrap.',
  scratch: 'An empty root file system: everything comes from `%setup` and `%files`.',
  buildkit: 'Builds a Dockerfile with BuildKit. Needs `From:` (the build context directory).',
};
