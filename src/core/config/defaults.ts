import * as path from 'node:path';
import type { PersonalSettings, ProjectConfig } from './types';

/**
 * The layout of the seed project: the workspace is the App Framework folder
 * (`dashboard/app_5174`) and the backend is its sibling (`dashboard/kooCAEWebServer_5000`).
 * Everything runs on this machine until a config says otherwise.
 */
export const DEFAULT_PATHS = {
  definitions: 'apptainer',
  images: '.',
  jobTemplates: 'slurm_jobs',
  registry: '../kooCAEWebServer_5000/config/apps.json',
  templateMap: '../kooCAEWebServer_5000/services/slurm_app_manager.py',
} as const;

export const DEFAULT_DEPLOY = {
  root: '/opt/apptainers/apps',
  vncImages: '/opt/apptainers',
  owner: 'root:root',
  mode: '755',
  sudo: 'auto',
} as const;

export const DEFAULT_SLURM = {
  partition: 'viz',
  ports: { from: 6080, to: 6180 },
  infoFile: '/tmp/app_session_${SESSION_ID}.info',
  resources: { cpus: 2, memory: '2G', time: '02:00:00' },
} as const;

export function defaultConfig(root: string, personal: PersonalSettings = { ssh: {} }): ProjectConfig {
  const resolved = path.resolve(root);
  const at = (relative: string) => path.resolve(resolved, relative);
  return {
    root: resolved,
    hosts: { access: { kind: 'local', text: 'local' }, viz: [{ kind: 'local', text: 'local' }] },
    paths: {
      definitions: at(DEFAULT_PATHS.definitions),
      images: at(DEFAULT_PATHS.images),
      jobTemplates: at(DEFAULT_PATHS.jobTemplates),
      registry: at(DEFAULT_PATHS.registry),
      templateMap: at(DEFAULT_PATHS.templateMap),
    },
    deploy: { ...DEFAULT_DEPLOY },
    build: { sudo: true, fakeroot: false },
    slurm: { ...DEFAULT_SLURM, ports: { ...DEFAULT_SLURM.ports }, resources: { ...DEFAULT_SLURM.resources } },
    lint: { severities: {} },
    personal,
  };
}
