// The job queue of one access host, and the login user whose jobs are "mine". Listings use squeue's
// delimited text format: a fraction of the JSON's size over SSH and to parse, cheaper for slurmctld,
// the same on every Slurm version. Only a squeue that refuses one of its fields (older Slurm)
// moves the host to `squeue --json`, once and for good.
import type { CancellationTokenLike } from '../hosts';
import { isFormatUnsupported, squeueFormatted, squeueJson, validateUserName, type Job, type SqueueOptions } from '../slurm';
import type { CommandRunner } from './persistentShell';
import { DEFAULT_SLURM_TIMEOUT_MS, SlurmNotInstalled, commandName } from './runSlurm';

export interface QueueQuery {
  /** Whose jobs; undefined lists every user's. */
  readonly user?: string;
  readonly jobIds?: readonly number[];
  /** Keep jobs that ended but are still known to the controller. */
  readonly includeEnded?: boolean;
}

export interface QueueCallOptions {
  readonly token?: CancellationTokenLike;
  readonly timeoutMs?: number;
}

export class SlurmQueue {
  private format: 'json' | 'text' = 'text';
  private user: Promise<string> | undefined;

  constructor(
    /** A host, or a PersistentShell on one for frequent polls. */
    readonly host: CommandRunner,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Which output format this host answers with (after the first listing). */
  get outputFormat(): 'json' | 'text' {
    return this.format;
  }

  /** The user Slurm commands run as on this host (`id -un`), asked once. */
  currentUser(options: QueueCallOptions = {}): Promise<string> {
    this.user ??= this.host.exec(['id', '-un'], { token: options.token, timeoutMs: options.timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS }).then(
      (result) => {
        if (result.exitCode !== 0) throw new Error(`Cannot tell the user name on ${this.host.label}: ${result.stderr.trim() || `id exited with ${result.exitCode}`}`);
        return validateUserName(result.stdout.trim());
      },
    );
    this.user.catch(() => (this.user = undefined));
    return this.user;
  }

  async jobs(query: QueueQuery, options: QueueCallOptions = {}): Promise<Job[]> {
    const squeue: SqueueOptions = { ...query, clock: this.clock };
    if (this.format === 'text') {
      const operation = squeueFormatted(squeue);
      const result = await this.exec(operation.argv, options);
      // squeue exits 0 on a field it does not know and prints that column empty: stderr decides.
      if (isFormatUnsupported(result.stderr)) {
        this.format = 'json';
      } else {
        // Asking for ids the controller has forgotten is an error in the text format: nothing to list.
        if (result.exitCode !== 0 && query.jobIds?.length && /Invalid job id specified/i.test(result.stderr)) return [];
        return operation.parse(result.stdout, { stderr: result.stderr, exitCode: result.exitCode });
      }
    }
    const operation = squeueJson(squeue);
    const result = await this.exec(operation.argv, options);
    return operation.parse(result.stdout, { stderr: result.stderr, exitCode: result.exitCode });
  }

  /** One job, or undefined once the controller no longer knows it. */
  async job(jobId: number, options: QueueCallOptions = {}): Promise<Job | undefined> {
    const jobs = await this.jobs({ jobIds: [jobId], includeEnded: true }, options);
    return jobs.find((job) => job.jobId === jobId);
  }

  private async exec(argv: readonly string[], options: QueueCallOptions) {
    const result = await this.host.exec(argv, { token: options.token, timeoutMs: options.timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS });
    if (result.exitCode === 127 && /not found/i.test(result.stderr)) throw new SlurmNotInstalled(this.host.label, commandName(argv));
    return result;
  }
}
