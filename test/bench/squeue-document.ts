// `squeue --json` documents of Slurm 24.11 (data_parser v0.0.42), written from SchedMD's parser
// definitions: every job field that version prints, numbers as {set, infinite, number},
// job_state as an array, top-level jobs/last_backfill/last_update/meta/errors/warnings. And the same
// jobs in squeue's delimited text format, as `squeueFormatted`'s argv makes squeue print them
// (value shapes as captured from Slurm 22.05 in test/fixtures/slurm/22.05/squeue-format-*.txt).
import { SQUEUE_FORMAT_FIELDS, type Delimiters } from '../../src/core/slurm';

export interface NoVal {
  set: boolean;
  infinite: boolean;
  number: number;
}

export const num = (number: number): NoVal => ({ set: true, infinite: false, number });
export const unset = (): NoVal => ({ set: false, infinite: false, number: 0 });
export const infinite = (): NoVal => ({ set: false, infinite: true, number: 0 });

export interface JobSpec {
  jobId: number;
  name?: string;
  user?: string;
  uid?: number;
  state?: string[];
  reason?: string;
  reasonDetail?: string;
  partition?: string;
  node?: string;
  submit?: number;
  start?: number;
  end?: number;
  /** Minutes; 'infinite' for UNLIMITED. */
  timeLimit?: number | 'infinite';
  arrayJobId?: number;
  arrayTaskId?: number;
  arrayTasks?: string;
  comment?: string;
  workDir?: string;
  stdout?: string;
  stderr?: string;
  command?: string;
  exit?: number;
  /** Seconds run so far (squeue's TimeUsed; the JSON has no such field). */
  used?: number;
}

const exitCode = (code: number) => ({
  status: [code === 0 ? 'SUCCESS' : 'ERROR'],
  return_code: num(code),
  signal: { id: unset(), name: '' },
});

export function job24(spec: JobSpec): Record<string, unknown> {
  const user = spec.user ?? 'alice';
  const running = spec.node !== undefined && spec.node !== '';
  const workDir = spec.workDir ?? `/home/${user}`;
  const limit = spec.timeLimit ?? 120;
  return {
    account: 'viz',
    accrue_time: num(spec.submit ?? 1764000000),
    admin_comment: '',
    allocating_node: 'login01',
    array_job_id: num(spec.arrayJobId ?? 0),
    array_task_id: spec.arrayTaskId === undefined ? unset() : num(spec.arrayTaskId),
    array_max_tasks: num(0),
    array_task_string: spec.arrayTasks ?? '',
    association_id: 7,
    batch_features: '',
    batch_flag: true,
    batch_host: running ? spec.node : '',
    flags: running ? ['EXACT_CPU_COUNT_REQUESTED', 'USING_DEFAULT_QOS', 'JOB_WAS_RUNNING'] : ['EXACT_CPU_COUNT_REQUESTED', 'USING_DEFAULT_QOS'],
    burst_buffer: '',
    burst_buffer_state: '',
    cluster: 'hpc',
    cluster_features: '',
    command: spec.command ?? `${workDir}/slurm_jobs/gedit_vnc_job.sh`,
    comment: spec.comment ?? '',
    container: '',
    container_id: '',
    contiguous: false,
    core_spec: 0,
    thread_spec: 32766,
    cores_per_socket: unset(),
    billable_tres: num(2),
    cpus_per_task: num(2),
    cpu_frequency_minimum: unset(),
    cpu_frequency_maximum: unset(),
    cpu_frequency_governor: unset(),
    cpus_per_tres: '',
    cron: '',
    deadline: num(0),
    delay_boot: num(0),
    dependency: '',
    derived_exit_code: exitCode(0),
    eligible_time: num(spec.submit ?? 1764000000),
    end_time: num(spec.end ?? 0),
    excluded_nodes: '',
    exit_code: exitCode(spec.exit ?? 0),
    extra: '',
    failed_node: '',
    features: '',
    federation_origin: '',
    federation_siblings_active: '',
    federation_siblings_viable: '',
    gres_detail: [],
    group_id: 1000,
    group_name: 'users',
    het_job_id: num(0),
    het_job_id_set: '',
    het_job_offset: num(0),
    job_id: spec.jobId,
    job_resources: running
      ? {
          select_type: ['CORE', 'MEMORY'],
          nodes: {
            count: 1,
            select_type: ['AVAILABLE'],
            list: spec.node,
            whole: false,
            allocation: [
              {
                index: 0,
                name: spec.node,
                cpus: { count: 2, used: 0 },
                memory: { used: 0, allocated: 2048 },
                sockets: [{ index: 0, cores: [{ index: 0, status: ['ALLOCATED'] }, { index: 1, status: ['ALLOCATED'] }] }],
              },
            ],
          },
          cpus: 2,
          threads_per_core: num(1),
        }
      : {},
    job_size_str: [],
    job_state: spec.state ?? (running ? ['RUNNING'] : ['PENDING']),
    last_sched_evaluation: num(spec.start ?? spec.submit ?? 1764000000),
    licenses: '',
    mail_type: [],
    mail_user: user,
    max_cpus: num(0),
    max_nodes: num(0),
    mcs_label: '',
    memory_per_tres: '',
    name: spec.name ?? 'gedit_vnc',
    network: '',
    nodes: spec.node ?? '',
    nice: 0,
    tasks_per_core: infinite(),
    tasks_per_tres: num(0),
    tasks_per_node: num(0),
    tasks_per_socket: infinite(),
    tasks_per_board: num(0),
    cpus: num(2),
    node_count: num(1),
    tasks: num(1),
    partition: spec.partition ?? 'viz',
    prefer: '',
    memory_per_cpu: unset(),
    memory_per_node: num(2048),
    minimum_cpus_per_node: num(2),
    minimum_tmp_disk_per_node: num(0),
    power: { flags: [] },
    preempt_time: num(0),
    preemptable_time: num(0),
    pre_sus_time: num(0),
    hold: spec.reason === 'JobHeldUser',
    priority: num(spec.reason === 'JobHeldUser' ? 0 : 4294901759),
    priority_by_partition: [],
    profile: ['NOT_SET'],
    qos: 'normal',
    reboot: false,
    required_nodes: '',
    required_switches: 0,
    requeue: true,
    resize_time: num(0),
    restart_cnt: 0,
    resv_name: '',
    scheduled_nodes: '',
    selinux_context: '',
    shared: [],
    sockets_per_board: 0,
    sockets_per_node: unset(),
    start_time: num(spec.start ?? 0),
    state_description: spec.reasonDetail ?? '',
    state_reason: spec.reason ?? 'None',
    standard_error: spec.stderr ?? spec.stdout ?? `${workDir}/slurm-${spec.jobId}.out`,
    standard_input: '/dev/null',
    standard_output: spec.stdout ?? `${workDir}/slurm-${spec.jobId}.out`,
    submit_time: num(spec.submit ?? 1764000000),
    suspend_time: num(0),
    system_comment: '',
    time_limit: limit === 'infinite' ? infinite() : num(limit),
    time_minimum: num(0),
    threads_per_core: unset(),
    tres_bind: '',
    tres_freq: '',
    tres_per_job: '',
    tres_per_node: '',
    tres_per_socket: '',
    tres_per_task: 'cpu=2',
    tres_req_str: 'cpu=2,mem=2G,node=1,billing=2',
    tres_alloc_str: running ? 'cpu=2,mem=2G,node=1,billing=2' : '',
    user_id: spec.uid ?? 1000,
    user_name: user,
    maximum_switch_wait_time: 0,
    wckey: '',
    current_working_directory: workDir,
  };
}

export function document24(jobs: Record<string, unknown>[], lastUpdate = 1764003600): Record<string, unknown> {
  return {
    jobs,
    last_backfill: num(lastUpdate - 20),
    last_update: num(lastUpdate),
    meta: {
      plugin: { type: '', name: '', data_parser: 'data_parser/v0.0.42', accounting_storage: 'accounting_storage/slurmdbd' },
      client: { source: '/dev/pts/0', user: 'alice', group: 'users' },
      command: ['squeue', '--json'],
      slurm: { version: { major: '24', micro: '5', minor: '11' }, release: '24.11.5', cluster: 'hpc' },
    },
    errors: [],
    warnings: [],
  };
}

/** squeue prints its JSON indented by two spaces. */
export function print(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The moment the big documents describe (their last_update), epoch seconds. */
export const BUSY_NOW = 1764003600;

const PENDING_REASONS = ['Resources', 'Priority', 'JobHeldUser', 'Dependency', 'ReqNodeNotAvail'];
const LIMITS = [120, 60, 1440, 4320];
const node = (n: number) => `viz-node${String(n).padStart(3, '0')}`;

/**
 * A busy cluster: `count` jobs of many users, a third pending (on several reasons), some arrays
 * (pending task ranges, with and without a %limit, and running tasks), some completing, long names,
 * multi-node lists, output patterns, long work-directory paths with spaces, limits from an hour to
 * unlimited.
 */
export function busyClusterJobs(count: number, now = BUSY_NOW): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (let i = 0; i < count; i++) {
    const jobId = 200000 + i;
    const user = `user${i % 300}`;
    const pending = i % 3 === 0;
    const array = i % 17 === 0;
    const completing = !pending && i % 41 === 0;
    const app = i % 5 === 0 ? 'lsprepost' : 'gedit';
    const first = 1 + (i % 64);
    const timeLimit = i % 13 === 0 ? 'infinite' : LIMITS[i % LIMITS.length];
    // Run time so far, within the limit; unlimited jobs run for up to days.
    const used = pending ? 0 : timeLimit === 'infinite' ? (i * 997) % 400_000 : 1 + ((i * 131) % (timeLimit * 60 - 60));
    const start = pending ? undefined : now - used;
    const arrayTasks = array && pending ? (i % 2 === 0 ? '2-8' : '2-8%2') : undefined;
    const workDir = `/home/${user}/projects/crash-sim/campaign ${i % 11}/run ${String(i % 1000).padStart(4, '0')}`;
    const patterned = app === 'gedit' && i % 2 === 0;
    jobs.push({
      jobId,
      user,
      uid: 10000 + (i % 300),
      name: i % 9 === 0 ? `${app} post-processing of crash case ${i % 97} | mesh refinement study` : `${app}_vnc`,
      node: pending ? undefined : i % 23 === 0 ? `viz-node[${String(first).padStart(3, '0')}-${String(first + 3).padStart(3, '0')}]` : node(first),
      state: pending ? ['PENDING'] : completing ? ['COMPLETED', 'COMPLETING'] : ['RUNNING'],
      reason: pending ? (arrayTasks?.includes('%') ? 'JobArrayTaskLimit' : PENDING_REASONS[i % PENDING_REASONS.length]) : 'None',
      submit: (start ?? now) - 5 - (i % 900),
      start,
      end: start === undefined ? undefined : completing ? now - 5 : timeLimit === 'infinite' ? undefined : start + timeLimit * 60,
      used: completing && start !== undefined ? now - 5 - start : used,
      timeLimit,
      arrayJobId: array ? jobId : undefined,
      arrayTasks,
      arrayTaskId: array && !pending ? 1 : undefined,
      comment: i % 7 === 0 ? `af:app=${app} session=af-${app}-${i.toString(36).padStart(10, '0')}` : '',
      workDir,
      stdout: patterned ? `${workDir}/logs/${app}_%j.out` : undefined,
      stderr: patterned ? `${workDir}/logs/${app}_%j.err` : undefined,
    });
  }
  return jobs;
}

/** A busy cluster's `squeue --json` (Slurm 24.11). */
export function bigDocument24(count: number): string {
  return print(document24(busyClusterJobs(count).map(job24)));
}

/** squeue's duration form: `M:SS`, `H:MM:SS`, `D-HH:MM:SS`. */
export function slurmDuration(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d}-${two(h)}:${two(m)}:${two(s)}`;
  if (h > 0) return `${h}:${two(m)}:${two(s)}`;
  return `${m}:${two(s)}`;
}

/** One job as squeue prints it with `squeueFormatArgument(delimiters)` and SLURM_TIME_FORMAT=%s. */
export function textRecord(spec: JobSpec, delimiters: Delimiters): string {
  const workDir = spec.workDir ?? `/home/${spec.user ?? 'alice'}`;
  const started = spec.start !== undefined && spec.start > 0;
  const limit = spec.timeLimit ?? 120;
  const used = spec.used ?? 0;
  const array = spec.arrayJobId;
  const stdout = spec.stdout ?? `${workDir}/slurm-${spec.jobId}.out`;
  const state = spec.state ?? (spec.node ? ['RUNNING'] : ['PENDING']);
  const values: Record<(typeof SQUEUE_FORMAT_FIELDS)[number], string> = {
    JobArrayID: array === undefined ? String(spec.jobId) : spec.arrayTasks !== undefined ? `${array}_[${spec.arrayTasks}]` : `${array}_${spec.arrayTaskId}`,
    JobID: String(spec.jobId),
    ArrayJobID: String(array ?? spec.jobId),
    ArrayTaskID: array === undefined ? 'N/A' : (spec.arrayTasks ?? String(spec.arrayTaskId)),
    Name: spec.name ?? 'gedit_vnc',
    // squeue names the flag a job is in (COMPLETING), not its base state.
    State: state.includes('COMPLETING') ? 'COMPLETING' : state[0],
    UserName: spec.user ?? 'alice',
    NodeList: spec.node ?? '',
    TimeUsed: slurmDuration(used),
    TimeLeft: limit === 'infinite' ? 'UNLIMITED' : slurmDuration(limit * 60 - used),
    TimeLimit: limit === 'infinite' ? 'UNLIMITED' : slurmDuration(limit * 60),
    Reason: spec.reason ?? 'None',
    Partition: spec.partition ?? 'viz',
    SubmitTime: String(spec.submit ?? 1764000000),
    StartTime: started ? String(spec.start) : 'N/A',
    // A started job without a limit has no end: squeue prints NONE.
    EndTime: spec.end !== undefined && spec.end > 0 ? String(spec.end) : started ? 'NONE' : 'N/A',
    Comment: spec.comment ? spec.comment : '(null)',
    WorkDir: workDir,
    STDOUT: stdout,
    STDERR: spec.stderr ?? stdout,
  };
  return `${SQUEUE_FORMAT_FIELDS.map((field) => values[field]).join(delimiters.field)}${delimiters.record}\n`;
}

/** A busy cluster's queue in the delimited text format: the same jobs as `bigDocument24(count)`. */
export function bigTextDocument(count: number, delimiters: Delimiters): string {
  return busyClusterJobs(count)
    .map((spec) => textRecord(spec, delimiters))
    .join('');
}
