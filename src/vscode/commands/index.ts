// The registration table: every command of the extension is listed here once, and each handler
// is wrapped with logging and error reporting (one clear line, never a stack trace).
import * as vscode from 'vscode';
import { Cancelled, type CommandDefinition, type CommandDeps } from './command';
import { createConfig } from './createConfig';
import { newApp } from './newApp';
import { openConfig } from './openConfig';
import { openDefinition } from './openDefinition';
import { openJobTemplate } from './openJobTemplate';
import { openRegistryEntry } from './openRegistryEntry';
import { openTemplateMapping } from './openTemplateMapping';
import { openViewer } from './openViewer';
import { refreshApps } from './refreshApps';
import { cancelJob } from './cancelJob';
import { copyJobId } from './copyJobId';
import { diagnoseJob } from './diagnoseJob';
import { launchSession } from './launchSession';
import { openJobViewer } from './openJobViewer';
import { refreshJobs } from './refreshJobs';
import { showJobError, showJobOutput } from './showJobLog';
import { updateApp } from './updateApp';
import { buildImage, buildSandbox } from './build';
import { copyImagePath } from './copyImagePath';
import { deleteImage } from './deleteImage';
import { deploy } from './deploy';
import { deployVncImage } from './deployVncImage';
import { inspectImage } from './inspectImage';
import { openSandboxShell } from './openSandboxShell';
import { refreshImages } from './refreshImages';
import { runLocally } from './runLocally';
import { configureCluster } from './configureCluster';
import { showLog } from './showLog';
import { verifyApp } from './verifyApp';
import { connectionActions } from '../status/connectionActions';
import { markWalkthroughStep } from '../onboarding/walkthrough';

export { Cancelled, required, type CommandDefinition, type CommandDeps } from './command';

const COMMANDS: readonly CommandDefinition[] = [
  newApp,
  createConfig,
  openConfig,
  refreshApps,
  openDefinition,
  openJobTemplate,
  openRegistryEntry,
  openTemplateMapping,
  openViewer,
  launchSession,
  openJobViewer,
  cancelJob,
  showJobOutput,
  showJobError,
  copyJobId,
  diagnoseJob,
  updateApp,
  refreshJobs,
  buildImage,
  buildSandbox,
  openSandboxShell,
  runLocally,
  deploy,
  deployVncImage,
  refreshImages,
  inspectImage,
  copyImagePath,
  deleteImage,
  verifyApp,
  configureCluster,
  showLog,
  connectionActions,
];

/** The first line of an error's message: what the user sees. */
export function userMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'Unexpected error';
}

function wrap(definition: CommandDefinition, deps: CommandDeps): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const started = Date.now();
    deps.ctx.log.debug(`${definition.id} started`);
    try {
      await definition.run(deps, ...args);
      deps.ctx.log.info(`${definition.id} done in ${Date.now() - started} ms`);
      deps.scheduler.afterCommand(definition.id);
      markWalkthroughStep(definition.id);
    } catch (error) {
      if (error instanceof Cancelled) {
        deps.ctx.log.debug(`${definition.id} cancelled`);
        return;
      }
      const message = userMessage(error);
      deps.ctx.log.error(`${definition.id}: ${message}`);
      if (error instanceof Error && error.stack) deps.ctx.log.trace(error.stack);
      void vscode.window.showErrorMessage(message);
    }
  };
}

/** Registers every command in the table; add new commands to `COMMANDS`. */
export function registerCommands(deps: CommandDeps, extra: readonly CommandDefinition[] = []): void {
  for (const definition of [...COMMANDS, ...extra]) {
    deps.ctx.own(vscode.commands.registerCommand(definition.id, wrap(definition, deps)));
  }
}
