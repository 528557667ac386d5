// Work as a VS Code task (CustomExecution): it shows in the terminal panel and in "Terminate
// Task", and the caller gets its outcome back.
import * as vscode from 'vscode';
import { WorkTerminal, type Work, type WorkOutcome } from './workTerminal';

export const TASK_TYPE = 'appframework';

/** The `appframework` task type (package.json `taskDefinitions`). */
export interface AppFrameworkTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof TASK_TYPE;
  readonly action: 'build' | 'buildSandbox' | 'runLocally';
  readonly app: string;
}

export function isAppFrameworkTask(definition: vscode.TaskDefinition): definition is AppFrameworkTaskDefinition {
  return (
    definition.type === TASK_TYPE &&
    typeof definition.app === 'string' &&
    ['build', 'buildSandbox', 'runLocally'].includes(String(definition.action))
  );
}

export function taskName(definition: AppFrameworkTaskDefinition): string {
  const verb = definition.action === 'build' ? 'build' : definition.action === 'buildSandbox' ? 'build sandbox' : 'run locally';
  return `${verb} ${definition.app}`;
}

/** A task whose execution runs `work` in a pseudoterminal; `onTerminal` sees each terminal made. */
export function workTask(
  definition: AppFrameworkTaskDefinition,
  folder: vscode.WorkspaceFolder,
  heading: string,
  work: Work,
  onTerminal?: (terminal: WorkTerminal) => void,
): vscode.Task {
  const task = new vscode.Task(
    definition,
    folder,
    taskName(definition),
    TASK_TYPE,
    new vscode.CustomExecution(async () => {
      const terminal = new WorkTerminal(heading, work);
      onTerminal?.(terminal);
      return terminal;
    }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  task.group = definition.action === 'runLocally' ? undefined : vscode.TaskGroup.Build;
  return task;
}

/** Runs the task and resolves with the work's outcome once it has ended. */
export async function runWorkTask(
  definition: AppFrameworkTaskDefinition,
  folder: vscode.WorkspaceFolder,
  heading: string,
  work: Work,
): Promise<WorkOutcome> {
  let resolveTerminal: (terminal: WorkTerminal) => void = () => undefined;
  const terminal = new Promise<WorkTerminal>((resolve) => (resolveTerminal = resolve));
  const execution = await vscode.tasks.executeTask(workTask(definition, folder, heading, work, resolveTerminal));
  // A task that VS Code refuses to start never makes its terminal: end with it.
  const ended = new Promise<WorkOutcome>((resolve) => {
    const subscription = vscode.tasks.onDidEndTask((event) => {
      if (event.execution !== execution) return;
      subscription.dispose();
      resolve({ ok: false, summary: `${taskName(definition)} ended` });
    });
  });
  const started = await Promise.race([terminal, ended]);
  return 'outcome' in started ? started.outcome : started;
}
