import type { HostSpec } from './hostSpec';

export type LintSeverity = 'error' | 'warning' | 'info' | 'off';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Values that belong to one person, never to the shared file: they come from editor settings. */
export interface PersonalSettings {
  readonly ssh: {
    readonly user?: string;
    readonly identityFile?: string;
    /** Alternative to ~/.ssh/config. */
    readonly configFile?: string;
  };
}

/** The effective configuration of one project (one workspace folder). Paths are absolute. */
export interface ProjectConfig {
  /** The workspace folder the project lives in. */
  readonly root: string;
  /** The `appframework.yaml` read, when there is one. */
  readonly file?: string;
  readonly hosts: {
    /** Builds and Slurm commands run here. */
    readonly access: HostSpec;
    /** Deploy targets. */
    readonly viz: readonly HostSpec[];
  };
  readonly paths: {
    /** Folder of `<app>.def` files. */
    readonly definitions: string;
    /** Folder of built `<app>.sif` images. */
    readonly images: string;
    /** Folder of `<app>_vnc_job.sh` Slurm job templates. */
    readonly jobTemplates: string;
    /** The backend's `apps.json`. */
    readonly registry: string;
    /** The backend's Python file holding `JOB_TEMPLATES`. */
    readonly templateMap: string;
  };
  readonly deploy: {
    /** App images go to `<root>/<app>/<app>.sif` on the viz nodes. */
    readonly root: string;
    /** General VNC desktop images. */
    readonly vncImages: string;
    readonly owner: string;
    /** Octal, as `chmod` takes it. */
    readonly mode: string;
    readonly sudo: 'auto' | boolean;
  };
  readonly build: {
    readonly sudo: boolean;
    readonly fakeroot: boolean;
  };
  readonly slurm: {
    readonly partition: string;
    readonly ports: PortRange;
    /** Where the job writes its session info; `${SESSION_ID}` is expanded by the job's shell. */
    readonly infoFile: string;
    /** Defaults for new apps' jobs. */
    readonly resources: {
      readonly cpus: number;
      /** Slurm's `--mem` form, e.g. `2G`. */
      readonly memory: string;
      /** Slurm's `--time` form, e.g. `02:00:00`. */
      readonly time: string;
    };
  };
  readonly backend?: {
    readonly url: string;
  };
  readonly lint: {
    /** Per-rule severity for the definition-file linter, keyed by rule code. */
    readonly severities: Readonly<Record<string, LintSeverity>>;
  };
  readonly personal: PersonalSettings;
}

export const CONFIG_FILE_NAME = 'appframework.yaml';
