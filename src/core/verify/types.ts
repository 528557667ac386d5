// The Verify App report: the seed guide's eight-point checklist, one result per check, each with
// the evidence it rests on and, when it failed, what to do about it.

export type VerifyStatus = 'pass' | 'fail' | 'skipped';

export type CheckId = 'definition' | 'localRun' | 'deployed' | 'jobTemplate' | 'jobRunning' | 'novnc' | 'backend' | 'registered';

/** The checks in the order they run, with their titles. */
export const VERIFY_CHECKS: readonly { readonly id: CheckId; readonly title: string }[] = [
  { id: 'definition', title: 'Definition parses and the image is built' },
  { id: 'localRun', title: 'Image runs locally and its websocket port answers' },
  { id: 'deployed', title: 'Image deployed on every visualization node' },
  { id: 'jobTemplate', title: 'Job template points at the image and sbatch accepts it' },
  { id: 'jobRunning', title: 'Test job runs and writes its session info file' },
  { id: 'novnc', title: 'noVNC connects to the session (handshake and first frame)' },
  { id: 'backend', title: 'Backend starts a session (POST /api/app/sessions)' },
  { id: 'registered', title: 'App registered: apps.json and JOB_TEMPLATES agree with the files' },
];

/** One fact a check rests on. `output` is an excerpt of a command's output (shown as a block). */
export interface Evidence {
  readonly kind: 'path' | 'checksum' | 'job' | 'output' | 'note';
  readonly label: string;
  readonly value: string;
}

export interface CheckResult {
  /** 1 to 8, as in the checklist. */
  readonly number: number;
  readonly id: CheckId;
  readonly title: string;
  readonly status: VerifyStatus;
  /** One line: what was found, or why the check was skipped. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  /** What to do, when the check failed. */
  readonly fix?: string;
  readonly ms: number;
}

export interface VerifyReport {
  readonly appId: string;
  /** The project folder. */
  readonly project: string;
  readonly accessHost: string;
  readonly vizHosts: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly checks: readonly CheckResult[];
  /** What was undone at the end: test jobs cancelled, local runs stopped. */
  readonly cleanup: readonly string[];
  readonly cancelled: boolean;
  readonly counts: Readonly<Record<VerifyStatus, number>>;
  /** True when no check failed and the run was not cancelled. */
  readonly ok: boolean;
}

/** What a check hands back before the runner numbers and times it. */
export interface CheckOutcome {
  readonly status: VerifyStatus;
  readonly summary: string;
  readonly evidence?: readonly Evidence[];
  readonly fix?: string;
}

export const evidence = {
  path: (label: string, value: string): Evidence => ({ kind: 'path', label, value }),
  checksum: (label: string, value: string): Evidence => ({ kind: 'checksum', label, value }),
  job: (label: string, value: string): Evidence => ({ kind: 'job', label, value }),
  output: (label: string, value: string): Evidence => ({ kind: 'output', label, value: excerpt(value) }),
  note: (label: string, value: string): Evidence => ({ kind: 'note', label, value }),
};

/** The last lines of command output, enough to see what happened. */
export function excerpt(text: string, maxLines = 12, maxChars = 2000): string {
  const lines = text.replace(/\r/g, '').trimEnd().split('\n');
  let kept = lines.slice(-maxLines).join('\n');
  if (kept.length > maxChars) kept = `…${kept.slice(-maxChars)}`;
  return lines.length > maxLines ? `…\n${kept}` : kept;
}

export function pass(summary: string, evidence: readonly Evidence[] = []): CheckOutcome {
  return { status: 'pass', summary, evidence };
}

export function fail(summary: string, fix: string, evidence: readonly Evidence[] = []): CheckOutcome {
  return { status: 'fail', summary, fix, evidence };
}

export function skipped(summary: string, evidence: readonly Evidence[] = []): CheckOutcome {
  return { status: 'skipped', summary, evidence };
}
