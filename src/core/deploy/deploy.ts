// One image to every selected node, in parallel. A node that fails does not stop the others:
// the result holds one outcome per node, in the order the nodes were given.
import type { CancellationTokenLike } from '../hosts/cancellation';
import type { ChecksumCache } from './checksum';
import { deployToNode, type DeployNode, type DeploySettings, type NodeOutcome, type NodeProgress } from './deployNode';
import { toDeployError } from './errors';
import { describeSource, sourceChecksum, type ImageSource } from './source';
import type { DeployTarget } from './targets';
import { formatRate, formatSize } from './format';

export interface DeployRequest {
  readonly source: ImageSource;
  readonly target: DeployTarget;
  readonly nodes: readonly DeployNode[];
  readonly settings: DeploySettings;
  readonly checksums: ChecksumCache;
  readonly token?: CancellationTokenLike;
  readonly onProgress?: (node: string, progress: NodeProgress) => void;
}

export interface DeployReport {
  readonly size: number;
  readonly source: string;
  readonly outcomes: readonly NodeOutcome[];
}

export async function deployImage(request: DeployRequest): Promise<DeployReport> {
  const info = await describeSource(request.source, request.token);
  let checksum: Promise<string> | undefined;
  const shared = () => (checksum ??= sourceChecksum(request.source, request.checksums, request.token));
  const outcomes = await Promise.all(
    request.nodes.map((node) =>
      deployToNode({
        node,
        source: request.source,
        size: info.size,
        target: request.target,
        settings: request.settings,
        checksum: shared,
        token: request.token,
        onProgress: (progress) => request.onProgress?.(node.label, progress),
      }).catch((error: unknown): NodeOutcome => ({ node: node.label, status: 'failed', path: request.target.path, error: toDeployError(node.label, error, false), ms: 0 })),
    ),
  );
  return { size: info.size, source: info.where, outcomes };
}

/** One line per node, e.g. `viz-node001: deployed 796 MiB in 12.1 s (65.8 MiB/s)`. */
export function summarizeOutcome(outcome: NodeOutcome): string {
  const seconds = (outcome.ms / 1000).toFixed(1);
  switch (outcome.status) {
    case 'deployed': {
      const rate = outcome.ms > 0 ? ` (${formatRate(outcome.bytes / (outcome.ms / 1000))})` : '';
      return `${outcome.node}: deployed ${formatSize(outcome.bytes)} to ${outcome.path} in ${seconds} s${rate}`;
    }
    case 'unchanged':
      return `${outcome.node}: unchanged (same sha256 ${outcome.sha256.slice(0, 12)}…)${outcome.repaired ? ', owner/mode/record corrected' : ''}`;
    case 'failed':
      return `${outcome.node}: failed: ${outcome.error.message}`;
  }
}
