// An app's build as task work: where it runs (this machine or the access host), the definition
// copied there first when remote, live output, and the build's errors placed in the def file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planBuild, runBuild, type BuildPlan } from '../../core/build';
import { definitionFileOf } from '../../core/apps';
import { shellJoin, type Host } from '../../core/hosts';
import type { Project } from '../config';
import type { RemoteHomes } from './remoteHome';
import type { Work, WorkOutcome } from './workTerminal';

export interface BuildTarget {
  readonly project: Project;
  readonly appId: string;
  readonly sandbox: boolean;
  /** Where builds run (the project's access host). */
  readonly host: Host;
  readonly remote: boolean;
}

/** The plan of a build, with the definition text as saved on disk. */
export async function prepareBuild(target: BuildTarget, homes: RemoteHomes): Promise<BuildPlan> {
  const config = target.project.loaded.config;
  const file = definitionFileOf(config, target.appId);
  const uri = vscode.Uri.file(file);
  // Builds read the file on disk: save unsaved edits first.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (open?.isDirty) await open.save();
  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  const home = target.remote ? await homes.of(target.host) : undefined;
  return planBuild(config, { appId: target.appId, sandbox: target.sandbox }, target.host, text, home);
}

export function buildWork(plan: BuildPlan, definitionUri: vscode.Uri, problems: vscode.DiagnosticCollection): Work {
  return {
    async run(write, token): Promise<WorkOutcome> {
      problems.delete(definitionUri);
      if (plan.upload) {
        write(`Copying ${path.basename(plan.upload.from)} to ${plan.host.label}:${plan.definition}\n`);
        await plan.host.mkdir(path.posix.dirname(plan.definition), { recursive: true, token });
        await plan.host.writeFile(plan.definition, plan.definitionText ?? '', { token });
      }
      write(`$ ${plan.sudo ? 'sudo ' : ''}${shellJoin(plan.argv)}\n\n`);
      const result = await runBuild(plan, write, token);
      if (result.problems.length > 0) {
        problems.set(
          definitionUri,
          result.problems.map((p) => {
            const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
            const diagnostic = new vscode.Diagnostic(range, p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
            diagnostic.source = 'apptainer build';
            return diagnostic;
          }),
        );
      }
      if (result.status === 'succeeded') return { ok: true, summary: `Built ${plan.output} on ${plan.host.label}` };
      return { ok: false, summary: result.message };
    },
  };
}
