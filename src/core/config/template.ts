import { DEFAULT_DEPLOY, DEFAULT_PATHS, DEFAULT_SLURM } from './defaults';

/** The text of a new appframework.yaml: the defaults written out, with what each value means. */
export function renderConfigTemplate(): string {
  const { resources } = DEFAULT_SLURM;
  return `# App Framework project configuration (shared with the team; personal values such as
# ssh user names and identity files belong in your editor settings and ~/.ssh/config).
hosts:
  access: local            # where builds and Slurm commands run: local, an ~/.ssh/config alias, or user@host[:port]
  viz: [local]             # deploy targets, e.g. [viz-node001]
paths:                     # relative to this folder
  definitions: ${DEFAULT_PATHS.definitions}         # <app>.def
  images: "${DEFAULT_PATHS.images}"                # built <app>.sif
  jobTemplates: ${DEFAULT_PATHS.jobTemplates}      # <app>_vnc_job.sh
  registry: ${DEFAULT_PATHS.registry}
  templateMap: ${DEFAULT_PATHS.templateMap}
deploy:
  root: ${DEFAULT_DEPLOY.root}       # images go to <root>/<app>/<app>.sif
  vncImages: ${DEFAULT_DEPLOY.vncImages}       # general VNC desktop images
  owner: ${DEFAULT_DEPLOY.owner}
  mode: "${DEFAULT_DEPLOY.mode}"
  sudo: ${DEFAULT_DEPLOY.sudo}                    # auto, true or false
build:
  sudo: true                    # or fakeroot: true
slurm:
  partition: ${DEFAULT_SLURM.partition}
  ports: ${DEFAULT_SLURM.ports.from}-${DEFAULT_SLURM.ports.to}
  infoFile: "${DEFAULT_SLURM.infoFile}"
  resources: { cpus: ${resources.cpus}, memory: ${resources.memory}, time: "${resources.time}" }   # defaults for new apps
# backend:
#   url: http://localhost:5000  # launch sessions through the backend's POST /api/app/sessions
# lint:
#   rules: { CODE: warning }    # per-rule severity: error, warning, info or off
`;
}
