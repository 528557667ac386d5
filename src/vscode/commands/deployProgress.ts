// A deploy with the editor's progress notification (bytes, rate, cancel) and a summary per node.
import * as vscode from 'vscode';
import { deployImage, formatRate, formatSize, summarizeOutcome, type DeployRequest, type DeployReport, type NodeProgress } from '../../core/deploy';
import type { CommandDeps } from './command';

const PHASE_WORDS: Record<NodeProgress['phase'], string> = {
  checking: 'checking',
  uploading: 'sending',
  verifying: 'verifying sha256',
  installing: 'installing',
};

export async function deployWithProgress(deps: CommandDeps, title: string, request: Omit<DeployRequest, 'token' | 'onProgress'>): Promise<DeployReport> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const nodes = new Map<string, NodeProgress>();
      let shownPercent = 0;
      const started = Date.now();
      const update = () => {
        const states = [...nodes.values()];
        const total = states.reduce((sum, p) => sum + p.total, 0);
        const bytes = states.reduce((sum, p) => sum + p.bytes, 0);
        const seconds = (Date.now() - started) / 1000;
        const rate = seconds > 0.5 && bytes > 0 ? ` · ${formatRate(bytes / seconds)}` : '';
        const phases = request.nodes.length > 1 ? ` · ${[...nodes].map(([node, p]) => `${node} ${PHASE_WORDS[p.phase]}`).join(', ')}` : ` · ${PHASE_WORDS[states[0]?.phase ?? 'checking']}`;
        const percent = total > 0 ? (100 * bytes) / total : 0;
        progress.report({ message: `${formatSize(bytes)} of ${formatSize(total)}${rate}${phases}`, increment: Math.max(0, percent - shownPercent) });
        shownPercent = Math.max(shownPercent, percent);
      };
      return deployImage({
        ...request,
        token,
        onProgress: (node, p) => {
          nodes.set(node, p);
          update();
        },
      });
    },
  );
  const lines = report.outcomes.map(summarizeOutcome);
  for (const line of lines) deps.ctx.log.info(`deploy: ${line}`);
  const failed = report.outcomes.filter((o) => o.status === 'failed');
  const cancelled = failed.length > 0 && failed.every((o) => o.status === 'failed' && o.error.kind === 'cancelled');
  if (cancelled) void vscode.window.showWarningMessage(`${title}: cancelled. The nodes keep their previous image.`);
  else if (failed.length > 0) {
    const log = 'Show Log';
    void vscode.window.showErrorMessage(`${title}: ${lines.join(' · ')}`, log).then((choice) => choice === log && deps.ctx.log.show());
  } else void vscode.window.showInformationMessage(`${title}: ${lines.join(' · ')}`);
  return report;
}
