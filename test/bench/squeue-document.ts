// `squeue --json` documents of Slurm 24.11 (data_parser v0.0.42), written from SchedMD's parser
// definitions: every job field that version prints, numbers as {set, infinite, number},
// job_state as an array, top-level jobs/last_backfill/last_update/meta/errors/warnings.

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

/** A busy cluster: `count` jobs of many users, a third pending, some arrays, some with long paths. */
export function bigDocument24(count: number): string {
  const jobs: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const jobId = 200000 + i;
    const user = `user${i % 300}`;
    const pending = i % 3 === 0;
    const array = i % 17 === 0;
    const node = pending ? undefined : `viz-node${String(1 + (i % 64)).padStart(3, '0')}`;
    jobs.push(
      job24({
        jobId,
        user,
        uid: 10000 + (i % 300),
        name: i % 5 === 0 ? 'lsprepost_vnc' : 'gedit_vnc',
        node,
        state: pending ? ['PENDING'] : i % 41 === 0 ? ['COMPLETED', 'COMPLETING'] : ['RUNNING'],
        reason: pending ? (i % 2 === 0 ? 'Resources' : 'Priority') : 'None',
        submit: 1764000000 + i,
        start: pending ? 0 : 1764000100 + i,
        end: pending ? 0 : 1764007300 + i,
        timeLimit: i % 13 === 0 ? 'infinite' : 120,
        arrayJobId: array ? jobId : undefined,
        arrayTasks: array && pending ? '2-8' : undefined,
        arrayTaskId: array && !pending ? 1 : undefined,
        comment: i % 7 === 0 ? `af:app=gedit session=af-gedit-${i.toString(36).padStart(10, '0')}` : '',
        workDir: `/home/${user}/projects/run ${i % 11}`,
      }),
    );
  }
  return print(document24(jobs));
}
