// The `appframework` task type: "build <app>" and "build sandbox <app>" in Tasks: Run Task and in
// tasks.json, running the same work as the Build commands.
import * as vscode from 'vscode';
import { definitionFileOf } from '../../core/apps';
import type { ClusterAccess } from '../clusterAccess';
import type { Ctx } from '../context';
import type { AppsStore } from '../views/apps';
import type { ImagesView } from '../views/images';
import { buildWork, prepareBuild } from './buildWork';
import { isAppFrameworkTask, taskName, TASK_TYPE, type AppFrameworkTaskDefinition } from './runTask';
import { WorkTerminal, type Work } from './workTerminal';

export { runWorkTask, TASK_TYPE, type AppFrameworkTaskDefinition } from './runTask';
export { RemoteHomes } from './remoteHome';

interface TaskDeps {
  readonly apps: AppsStore;
  readonly cluster: ClusterAccess;
  readonly images: ImagesView;
}

export function registerBuildTasks(ctx: Ctx, deps: TaskDeps): void {
  ctx.own(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      async provideTasks() {
        await deps.apps.refresh();
        return deps.apps
          .apps()
          .filter(({ app }) => app.definition !== undefined)
          .flatMap(({ app, project }) =>
            (['build', 'buildSandbox'] as const).map((action) => buildTask({ type: TASK_TYPE, action, app: app.id }, project.folder, deps)),
          );
      },
      resolveTask(task) {
        const folder = task.scope;
        if (!isAppFrameworkTask(task.definition) || task.definition.action === 'runLocally' || typeof folder !== 'object') return undefined;
        return buildTask(task.definition, folder, deps);
      },
    }),
  );
}

function buildTask(definition: AppFrameworkTaskDefinition, folder: vscode.WorkspaceFolder, deps: TaskDeps): vscode.Task {
  const task = new vscode.Task(
    definition,
    folder,
    taskName(definition),
    TASK_TYPE,
    new vscode.CustomExecution(async () => {
      // Resolved when the task runs, so it builds what the project holds then.
      const work: Work = {
        async run(write, token) {
          await deps.apps.refresh();
          const found = deps.apps.find(folder.uri, definition.app);
          if (!found?.app.definition) return { ok: false, summary: `No app ${definition.app} with a definition file in ${folder.name}` };
          const access = deps.cluster.hostsOf(found.project.loaded.config).access;
          const plan = await prepareBuild(
            { project: found.project, appId: definition.app, sandbox: definition.action === 'buildSandbox', host: access.host, remote: access.spec.kind !== 'local' },
            deps.images.homes,
          );
          const uri = vscode.Uri.file(definitionFileOf(found.project.loaded.config, definition.app));
          return buildWork(plan, uri, deps.images.buildProblems).run(write, token);
        },
      };
      return new WorkTerminal(`${taskName(definition)} (${folder.name})`, work);
    }),
  );
  task.group = vscode.TaskGroup.Build;
  return task;
}
