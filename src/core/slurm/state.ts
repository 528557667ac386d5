// Slurm job states, normalized from the forms different versions print:
// a name ("RUNNING", "COMPLETING"), an array of base state and flags (["COMPLETED","COMPLETING"]),
// or sacct's "CANCELLED by 1000".

export type JobState =
  | 'PENDING'
  | 'CONFIGURING'
  | 'RUNNING'
  | 'SUSPENDED'
  | 'COMPLETING'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'FAILED'
  | 'TIMEOUT'
  | 'NODE_FAIL'
  | 'PREEMPTED'
  | 'BOOT_FAIL'
  | 'DEADLINE'
  | 'OUT_OF_MEMORY'
  /** A name this code does not know (a newer Slurm); the raw text is kept beside it. */
  | 'UNKNOWN';

const BASE: Readonly<Record<string, JobState>> = {
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  SUSPENDED: 'SUSPENDED',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
  TIMEOUT: 'TIMEOUT',
  NODE_FAIL: 'NODE_FAIL',
  PREEMPTED: 'PREEMPTED',
  BOOT_FAIL: 'BOOT_FAIL',
  DEADLINE: 'DEADLINE',
  OUT_OF_MEMORY: 'OUT_OF_MEMORY',
};

// Flags that say more than the base state, in order of precedence.
const OVERRIDING_FLAGS: ReadonlyArray<readonly [string, JobState]> = [
  ['COMPLETING', 'COMPLETING'],
  ['STAGE_OUT', 'COMPLETING'],
  ['CONFIGURING', 'CONFIGURING'],
  ['POWER_UP_NODE', 'CONFIGURING'],
  ['STOPPED', 'SUSPENDED'],
];

// Names squeue and scontrol print instead of the base state when a flag is set.
const FLAG_NAMES: Readonly<Record<string, JobState>> = {
  COMPLETING: 'COMPLETING',
  STAGE_OUT: 'COMPLETING',
  CONFIGURING: 'CONFIGURING',
  POWER_UP_NODE: 'CONFIGURING',
  STOPPED: 'SUSPENDED',
  RESIZING: 'RUNNING',
  SIGNALING: 'RUNNING',
  REQUEUED: 'PENDING',
  REQUEUE_FED: 'PENDING',
  REQUEUE_HOLD: 'PENDING',
  SPECIAL_EXIT: 'PENDING',
  RESV_DEL_HOLD: 'PENDING',
  REVOKED: 'CANCELLED',
  LAUNCH_FAILED: 'FAILED',
};

/** One state name, e.g. "RUNNING", "COMPLETING" or sacct's "CANCELLED by 1000". */
export function stateFromName(name: string): JobState {
  // Exactly a known name, as squeue prints it: no need to normalize.
  if (Object.hasOwn(BASE, name)) return BASE[name];
  if (Object.hasOwn(FLAG_NAMES, name)) return FLAG_NAMES[name];
  const word = name.trim().split(/[\s+]/, 1)[0].toUpperCase();
  return BASE[word] ?? FLAG_NAMES[word] ?? 'UNKNOWN';
}

/** The array form of Slurm 23.11 and later: a base state followed by flags. */
export function stateFromNames(names: readonly string[]): JobState {
  for (const [flag, state] of OVERRIDING_FLAGS) if (names.includes(flag)) return state;
  for (const name of names) {
    const base = BASE[name];
    if (base) return base;
  }
  for (const name of names) {
    const flagged = FLAG_NAMES[name];
    if (flagged) return flagged;
  }
  return 'UNKNOWN';
}

const ACTIVE: ReadonlySet<JobState> = new Set<JobState>(['PENDING', 'CONFIGURING', 'RUNNING', 'SUSPENDED', 'COMPLETING']);

/** Still in the queue: waiting, starting, running, suspended or finishing. */
export function isActiveState(state: JobState): boolean {
  return ACTIVE.has(state) || state === 'UNKNOWN';
}

/** Holds resources on a node (a viewer can connect, logs grow). */
export function isRunningState(state: JobState): boolean {
  return state === 'RUNNING' || state === 'CONFIGURING' || state === 'SUSPENDED' || state === 'COMPLETING';
}
