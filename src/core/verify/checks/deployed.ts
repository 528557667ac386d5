// Check 3: every configured visualization node holds the image at <deploy.root>/<app>/<app>.sif,
// a regular file with the configured owner and mode, and the same bytes as the local build (its
// sha256 computed on the node, not taken from the deploy's record).
import { remoteSha256 } from '../../deploy/checksum';
import { parseProbe } from '../../deploy/probe';
import { PROBE, scriptArgv } from '../../deploy/scripts';
import { appTarget } from '../../deploy/targets';
import { isHostError } from '../../hosts';
import type { NamedHost } from '../../sessions/hosts';
import type { VerifyContext } from '../context';
import { evidence, fail, pass, type CheckOutcome, type Evidence } from '../types';

type NodeVerdict =
  | { readonly ok: true; readonly node: string; readonly detail: string; readonly sha256?: string }
  | { readonly ok: false; readonly node: string; readonly problem: 'missing' | 'different' | 'owner' | 'unreachable' | 'other'; readonly detail: string };

/** Whether `user[:group]` (names or numbers) describes the file's owner. */
export function ownerMatches(owner: string, file: { user: string; group: string; uid: number; gid: number }): boolean {
  const [user, group] = owner.split(':');
  const userOk = user === file.user || user === String(file.uid);
  const groupOk = group === undefined || group === file.group || group === String(file.gid);
  return userOk && groupOk;
}

async function checkNode(ctx: VerifyContext, named: NamedHost, imagePath: string): Promise<NodeVerdict> {
  const node = named.spec.text;
  const { owner, mode } = ctx.config.deploy;
  try {
    const result = await named.host.exec(scriptArgv(PROBE, [imagePath]), { token: ctx.token, timeoutMs: 60_000 });
    if (result.exitCode !== 0) return { ok: false, node, problem: 'other', detail: `checking ${imagePath} failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`}` };
    const { image } = parseProbe(result.stdout);
    if (!image) return { ok: false, node, problem: 'missing', detail: `no ${imagePath}` };
    if (image.type !== 'file') return { ok: false, node, problem: 'other', detail: `${imagePath} is a ${image.type}, not an image file` };
    const facts = `${image.user}:${image.group} ${image.mode}, ${image.size} bytes`;
    const problems: string[] = [];
    if (!ownerMatches(owner, image)) problems.push(`owner ${image.user}:${image.group}, configured ${owner}`);
    if (Number.parseInt(image.mode, 8) !== Number.parseInt(mode, 8)) problems.push(`mode ${image.mode}, configured ${mode}`);
    const build = ctx.state.build;
    let sha256: string | undefined;
    if (build?.sha256) {
      sha256 = build.size === image.size ? await remoteSha256(named.host, imagePath, ctx.token) : undefined;
      if (sha256 !== build.sha256) {
        const what = sha256 ? `sha256 ${sha256.slice(0, 12)}…` : `${image.size} bytes`;
        return { ok: false, node, problem: 'different', detail: `${imagePath} (${facts}) differs from the local build: ${what} there, ${build.sha256.slice(0, 12)}… (${build.size} bytes) here` };
      }
    }
    if (problems.length) return { ok: false, node, problem: 'owner', detail: `${imagePath} has ${problems.join(' and ')}` };
    const same = sha256 ? `, sha256 ${sha256.slice(0, 12)}… equals the local build` : ', not compared (no local build)';
    return { ok: true, node, detail: `${imagePath} (${facts})${same}`, ...(sha256 ? { sha256 } : {}) };
  } catch (error) {
    if (isHostError(error) && error.kind === 'cancelled') throw error;
    const unreachable = isHostError(error) && ['unreachable', 'auth-failed', 'host-key-unknown', 'host-key-changed', 'timed-out', 'ssh-config'].includes(error.kind);
    return { ok: false, node, problem: unreachable ? 'unreachable' : 'other', detail: `${error instanceof Error ? error.message : String(error)}` };
  }
}

const FIXES = {
  missing: 'Deploy the image (Deploy in the Apps view): it goes to that path with the configured owner and mode.',
  different: 'Deploy the current build again (Deploy in the Apps view): the node runs other bytes than the local image.',
  owner: 'Deploy again to set owner and mode (deploy.owner and deploy.mode in appframework.yaml), or chown/chmod the file on the node.',
  unreachable: 'Make the node reachable over SSH (check hosts.viz in appframework.yaml and your ssh config), then verify again.',
  other: 'See the message for the node; deploying again replaces whatever is at the path.',
} as const;

export async function checkDeployed(ctx: VerifyContext): Promise<CheckOutcome> {
  const { config, app } = ctx;
  const { path: imagePath } = appTarget(config.deploy.root, app.id);
  if (ctx.hosts.viz.length === 0) {
    ctx.state.deployedEverywhere = false;
    return fail('no visualization node is configured', 'Name the nodes under hosts.viz in appframework.yaml.');
  }
  const verdicts = await Promise.all(ctx.hosts.viz.map((named) => checkNode(ctx, named, imagePath)));
  const found: Evidence[] = [evidence.path('expected at', imagePath), ...verdicts.map((v) => (v.ok && v.sha256 ? evidence.checksum(v.node, v.detail) : evidence.note(v.node, v.detail)))];
  const failed = verdicts.filter((v): v is Extract<NodeVerdict, { ok: false }> => !v.ok);
  ctx.state.deployedEverywhere = failed.every((v) => v.problem === 'owner');
  if (failed.length === 0) {
    return pass(`${imagePath} is on ${verdicts.length === 1 ? verdicts[0].node : `all ${verdicts.length} nodes`}${ctx.state.build ? ' with the local build\'s checksum' : ''}, owner ${config.deploy.owner}, mode ${config.deploy.mode}`, found);
  }
  const worst = (['unreachable', 'missing', 'different', 'owner', 'other'] as const).find((problem) => failed.some((v) => v.problem === problem)) ?? 'other';
  return fail(failed.map((v) => `${v.node}: ${v.detail}`).join('; '), FIXES[worst], found);
}
