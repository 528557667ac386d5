// `App Framework: Configure Cluster` (walkthrough, status bar): asks for the access host and the
// visualization nodes, connects to each over SSH (an unknown host key is shown with its
// fingerprint before it is trusted), shows the host keys the connections were checked against,
// and writes the answers into appframework.yaml, keeping the rest of the file as it is.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseHostSpec, type HostSpec, type PersonalSettings } from '../../core/config';
import type { SshConfigSources } from '../../core/hosts';
import { knownHostKeys, splitHostList, sshConfigAliases, withClusterHosts } from '../../core/onboarding';
import { sshOverrides, sshTarget } from '../../core/sessions';
import { readPersonalSettings } from '../config/personalSettings';
import { Cancelled, required, type CommandDefinition, type CommandDeps } from './command';
import { openFileAt } from './openFile';
import { projectFromArgument } from './pickers';

export const configureClusterId = 'appframework.configureCluster';

const OTHER = '$(edit) Another host…';

interface Connection {
  readonly spec: HostSpec;
  readonly ok: boolean;
  /** One line for the summary. */
  readonly line: string;
}

async function aliasesFrom(configFile: string | undefined): Promise<string[]> {
  const file = configFile || path.join(os.homedir(), '.ssh', 'config');
  const text = await fsp.readFile(file, 'utf8').catch(() => '');
  return sshConfigAliases(text);
}

function checkHost(value: string): string | undefined {
  const parsed = parseHostSpec(value.trim());
  return parsed.ok ? undefined : parsed.message;
}

async function askAccessHost(current: string, aliases: readonly string[]): Promise<string> {
  const items: vscode.QuickPickItem[] = [
    { label: 'local', description: 'this machine (VS Code runs on the access node, e.g. through Remote-SSH)' },
    ...aliases.map((alias) => ({ label: alias, description: 'from your ssh config' })),
    { label: OTHER, description: 'user@host[:port]' },
  ];
  for (const item of items) if (item.label === current) item.picked = true;
  const picked = required(
    await vscode.window.showQuickPick(items, {
      title: 'Configure Cluster (1/2): the access host',
      placeHolder: `Where builds and Slurm commands (sbatch, squeue) run — now: ${current}`,
      ignoreFocusOut: true,
    }),
  );
  if (picked.label !== OTHER) return picked.label;
  return required(
    await vscode.window.showInputBox({
      title: 'Configure Cluster (1/2): the access host',
      prompt: 'An ~/.ssh/config alias, or user@host[:port]',
      value: current === 'local' ? '' : current,
      ignoreFocusOut: true,
      validateInput: checkHost,
    }),
  ).trim();
}

async function askVizNodes(current: readonly string[], aliases: readonly string[]): Promise<string[]> {
  const hint = aliases.length ? ` (your ssh config has: ${aliases.slice(0, 6).join(', ')}${aliases.length > 6 ? ', …' : ''})` : '';
  const text = required(
    await vscode.window.showInputBox({
      title: 'Configure Cluster (2/2): the visualization nodes',
      prompt: `Deploy targets, separated by commas: ssh aliases or user@host[:port]; "local" for this machine${hint}`,
      value: current.join(', '),
      ignoreFocusOut: true,
      validateInput: (value) => {
        const names = splitHostList(value);
        if (names.length === 0) return 'Name at least one node.';
        for (const name of names) {
          const problem = checkHost(name);
          if (problem) return problem;
        }
        return undefined;
      },
    }),
  );
  return [...new Set(splitHostList(text))];
}

/** Connects to one host (trusting its key after asking, when it is new) and describes the result. */
async function testConnection(deps: CommandDeps, spec: HostSpec, personal: PersonalSettings, sources: SshConfigSources, token: vscode.CancellationToken): Promise<Connection> {
  if (spec.kind === 'local') return { spec, ok: true, line: 'local: this machine, no SSH needed' };
  const target = sshTarget(spec);
  const overrides = sshOverrides(spec, personal);
  const host = deps.cluster.activity.wrap(deps.cluster.pool.host(target, overrides));
  try {
    const result = await host.exec(['sh', '-c', 'id -un; uname -n'], { token, timeoutMs: 60_000 });
    if (result.exitCode !== 0) return { spec, ok: false, line: `${spec.text}: connected, but a first command failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`}` };
    const [user, node] = result.stdout.trim().split('\n');
    const keys = knownHostKeys(target, sources, overrides).keys;
    const key = keys.length ? keys.map((k) => `${k.type} ${k.fingerprint}`).join(', ') : 'not in known_hosts (accepted for this session)';
    return { spec, ok: true, line: `${spec.text}: connected as ${user} to ${node}; host key ${key}` };
  } catch (error) {
    if (token.isCancellationRequested) throw new Cancelled();
    return { spec, ok: false, line: `${spec.text}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function writeConfig(deps: CommandDeps, file: string, exists: boolean, text: (current: string | undefined) => string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const edit = new vscode.WorkspaceEdit();
  if (exists) {
    // The open editor's text, unsaved changes included, is what gets edited (one undoable edit).
    const document = await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    edit.replace(uri, whole, text(document.getText()));
    if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) throw new Error(`Could not write ${file}.`);
  } else {
    edit.createFile(uri, { contents: Buffer.from(text(undefined), 'utf8') });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${file}.`);
  }
  deps.ctx.log.info(`Configure Cluster: wrote the hosts into ${file}`);
}

export const configureCluster: CommandDefinition = {
  id: configureClusterId,
  async run(deps, argument) {
    const project = await projectFromArgument(deps, argument);
    const { config, file, exists } = project.loaded;
    const personal = readPersonalSettings(project.folder);
    const sources: SshConfigSources = personal.ssh.configFile ? { userConfig: personal.ssh.configFile } : {};
    const aliases = await aliasesFrom(personal.ssh.configFile);

    const access = await askAccessHost(config.hosts.access.text, aliases);
    const viz = await askVizNodes(exists ? config.hosts.viz.map((v) => v.text) : aliases.filter((a) => /viz/i.test(a)), aliases);
    const specs = [access, ...viz].map((text) => {
      const parsed = parseHostSpec(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.spec;
    });
    const unique = specs.filter((spec, i) => specs.findIndex((other) => other.text === spec.text) === i);

    const connections = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Testing the SSH connections', cancellable: true },
      async (progress, token) => {
        const results: Connection[] = [];
        for (const spec of unique) {
          progress.report({ message: spec.text });
          results.push(await testConnection(deps, spec, personal, sources, token));
        }
        return results;
      },
    );
    for (const connection of connections) deps.ctx.log.info(`Configure Cluster: ${connection.line}`);
    const failed = connections.filter((c) => !c.ok);
    const save = failed.length ? 'Save Anyway' : 'Save';
    const answer = await vscode.window.showInformationMessage(
      failed.length ? `${failed.length} of ${connections.length} hosts could not be reached.` : `Every host answered. Write them into ${path.basename(file)}?`,
      { modal: true, detail: connections.map((c) => `${c.ok ? '✓' : '✗'} ${c.line}`).join('\n') },
      save,
    );
    if (answer !== save) throw new Cancelled();

    await writeConfig(deps, file, exists, (current) => withClusterHosts(current, { access, viz }));
    await deps.projects.reload(project.folder);
    await openFileAt(file);
  },
};
