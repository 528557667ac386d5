// A pseudoterminal that runs one piece of work (a build, a local run): live output, Ctrl+C or
// closing the terminal cancels it (the host layer then stops the command where it runs), and the
// last line tells how it ended and how long it took.
import * as vscode from 'vscode';
import { formatDuration } from '../../core/build';

export interface WorkOutcome {
  readonly ok: boolean;
  /** One line: what happened. */
  readonly summary: string;
}

export interface Work {
  run(write: (text: string) => void, token: vscode.CancellationToken): Promise<WorkOutcome>;
}

const RESET = '\x1b[0m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const DIM = '\x1b[2m';

export class WorkTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  private readonly cancel = new vscode.CancellationTokenSource();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private finished = false;
  /** Resolves when the work has ended (whatever way). */
  readonly outcome: Promise<WorkOutcome>;
  private settle: (outcome: WorkOutcome) => void = () => undefined;

  constructor(
    private readonly heading: string,
    private readonly work: Work,
  ) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }

  open(): void {
    this.write(`${DIM}${this.heading}${RESET}\n`);
    const started = Date.now();
    void this.work.run((text) => this.write(text), this.cancel.token).then(
      (outcome) => this.finish(outcome, started),
      (error: unknown) => this.finish({ ok: false, summary: error instanceof Error ? error.message : String(error) }, started),
    );
  }

  handleInput(data: string): void {
    // Ctrl+C stops the work, as in a shell.
    if (data === '\x03' && !this.finished) {
      this.write('^C\n');
      this.cancel.cancel();
    }
  }

  close(): void {
    // The terminal was closed or the task terminated: stop the work on its host.
    this.cancel.cancel();
  }

  private finish(outcome: WorkOutcome, started: number): void {
    this.finished = true;
    const color = outcome.ok ? GREEN : RED;
    this.write(`\n${color}${outcome.ok ? '✔' : '✘'} ${outcome.summary}${RESET} ${DIM}(${formatDuration(Date.now() - started)})${RESET}\n`);
    this.settle(outcome);
    this.closed.fire(outcome.ok ? 0 : 1);
    this.cancel.dispose();
  }

  private write(text: string): void {
    // Terminals need CR LF; output from hosts has LF (or already CR LF).
    this.written.fire(text.replace(/\r?\n/g, '\r\n'));
  }
}
