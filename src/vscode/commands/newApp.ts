import * as vscode from 'vscode';
import {
  appIdProblem, commandProblem, packageProblem, planNewApp, resolveNewApp, titleOf,
  type DefinitionBase, type NewAppInput, type NewAppPlan,
} from '../../core/apps';
import { checkCpus, checkMemory, checkPartition, checkTime } from '../../core/config';
import { editorFs, hasConfigErrors, type Project } from '../config';
import { OffsetMap } from '../../core/config';
import { required, type CommandDefinition, type CommandDeps } from './command';
import { projectFromArgument } from './pickers';

const TITLE = 'New App';

function ask(step: number, options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title: `${TITLE} (${step}/5)`, ignoreFocusOut: true, ...options });
}

async function askInput(deps: CommandDeps, project: Project): Promise<NewAppInput> {
  const folder = project.folder.uri.toString();
  const taken = new Set(deps.apps.apps().filter((entry) => entry.project.folder.uri.toString() === folder).map((entry) => entry.app.id));
  const id = required(await ask(1, {
    prompt: 'App id: used for file names, the Slurm job name and the path on the nodes',
    placeHolder: 'myapp',
    validateInput: (value) => appIdProblem(value) ?? (taken.has(value) ? `"${value}" already exists` : undefined),
  }));
  const name = required(await ask(2, { prompt: 'Display name (shown in the dashboard)', value: titleOf(id) }));
  const packages = required(await ask(3, {
    prompt: 'Packages to install (apt), separated by spaces; the first one is started unless you change the command later',
    placeHolder: 'gedit',
    validateInput: (value) => {
      const names = value.split(/[\s,]+/).filter(Boolean);
      if (names.length === 0) return 'name at least one package';
      return names.map(packageProblem).find(Boolean);
    },
  })).split(/[\s,]+/).filter(Boolean);
  const command = required(await ask(4, { prompt: 'Command that starts the app inside the desktop', value: packages[0], validateInput: commandProblem }));

  const bases: (vscode.QuickPickItem & { base: DefinitionBase })[] = [
    { label: 'Docker base', description: 'Bootstrap: docker, From: ubuntu:22.04', detail: 'Needs a container registry when building.', base: 'docker' },
    { label: 'Debootstrap base', description: 'Bootstrap: debootstrap, OSVersion: bookworm', detail: 'Builds from a Debian mirror; no container registry needed.', base: 'debootstrap' },
  ];
  const base = required(await vscode.window.showQuickPick(bases, { title: `${TITLE} (5/5): base image`, ignoreFocusOut: true })).base;

  const defaults = project.loaded.config.slurm.resources;
  const partition = project.loaded.config.slurm.partition;
  const summary = `${defaults.cpus} CPUs, ${defaults.memory} memory, partition ${partition}, ${defaults.time}`;
  const choice = required(await vscode.window.showQuickPick(
    [{ label: 'Default resources', description: summary, custom: false }, { label: 'Choose resources...', custom: true }],
    { title: `${TITLE}: job resources`, ignoreFocusOut: true },
  ));
  const input: NewAppInput = { id, name, packages, command, base };
  if (!choice.custom) return input;
  const validate = (check: (value: string) => { ok: boolean; message?: string }) => (value: string) => {
    const result = check(value);
    return result.ok ? undefined : result.message;
  };
  const cpus = required(await vscode.window.showInputBox({ title: `${TITLE}: CPUs`, value: String(defaults.cpus), ignoreFocusOut: true, validateInput: validate((v) => checkCpus(/^\d+$/.test(v) ? Number(v) : NaN)) }));
  const memory = required(await vscode.window.showInputBox({ title: `${TITLE}: memory (Slurm --mem)`, value: defaults.memory, ignoreFocusOut: true, validateInput: validate(checkMemory) }));
  const chosenPartition = required(await vscode.window.showInputBox({ title: `${TITLE}: partition`, value: partition, ignoreFocusOut: true, validateInput: validate(checkPartition) }));
  const time = required(await vscode.window.showInputBox({ title: `${TITLE}: time limit`, value: defaults.time, ignoreFocusOut: true, validateInput: validate(checkTime) }));
  return { ...input, cpus: Number(cpus), memory, partition: chosenPartition, time };
}

/** The plan as one WorkspaceEdit, so the whole New App is one undoable step. */
function toWorkspaceEdit(plan: NewAppPlan): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of plan.changes) {
    const uri = vscode.Uri.file(change.file);
    const metadata = { label: `New App ${plan.spec.id}: ${change.role}`, needsConfirmation: false };
    if (change.before === undefined) {
      edit.createFile(uri, { contents: Buffer.from(change.after, 'utf8') }, metadata);
      continue;
    }
    const offsets = new OffsetMap(change.before);
    for (const insertion of change.insertions) {
      const at = offsets.position(insertion.offset);
      edit.insert(uri, new vscode.Position(at.line, at.character), insertion.text, metadata);
    }
  }
  return edit;
}

export const newApp: CommandDefinition = {
  id: 'appframework.newApp',
  async run(deps, argument) {
    const project = await projectFromArgument(deps, argument);
    if (hasConfigErrors(project)) throw new Error(`${project.folder.name}/appframework.yaml has errors: fix them first (App Framework: Open appframework.yaml)`);
    await deps.apps.refresh();
    const input = await askInput(deps, project);
    const resolved = resolveNewApp(input, project.loaded.config);
    if (!resolved.ok) throw new Error(resolved.problems.join('; '));
    const plan = await planNewApp(project.loaded.config, resolved.spec, editorFs);
    if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(plan)))) throw new Error(`Could not write the files of ${resolved.spec.id}; nothing was changed`);
    // Edited files are open as documents now: save them so the backend sees the change.
    for (const change of plan.changes) if (change.before !== undefined) await vscode.workspace.save(vscode.Uri.file(change.file));
    deps.ctx.log.info(`New App ${resolved.spec.id}: ${plan.changes.map((c) => `${c.before === undefined ? 'created' : 'updated'} ${c.file}`).join(', ')}`);
    await vscode.window.showTextDocument(vscode.Uri.file(plan.definitionFile), { preview: false });
  },
};
