// Check 7: the backend starts a session of the app the way its dashboard does
// (POST <backend>/api/app/sessions). The job it submits is cancelled at the end like the test job.
import { launchThroughBackend, sessionsUrl } from '../../sessions/backend';
import type { VerifyContext } from '../context';
import { evidence, fail, pass, skipped, type CheckOutcome } from '../types';

export async function checkBackend(ctx: VerifyContext): Promise<CheckOutcome> {
  const backend = ctx.config.backend;
  if (!backend) return skipped('no backend is configured (backend.url in appframework.yaml)');
  const url = sessionsUrl(backend.url);
  const user = await ctx.queue.currentUser({ token: ctx.token });
  try {
    const answer = await launchThroughBackend(backend.url, ctx.app.id, user, { token: ctx.token, timeoutMs: 60_000, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) });
    ctx.state.jobs.push(answer.jobId);
    return pass(`POST ${url} started job ${answer.jobId} for ${ctx.app.id}`, [
      evidence.note('request', `POST ${url} {"app_id": "${ctx.app.id}", "user_id": "${user}"}`),
      evidence.job('backend job', `${answer.jobId}${answer.sessionId ? ` (session ${answer.sessionId})` : ''}${answer.port ? `, port ${answer.port}` : ''}`),
    ]);
  } catch (error) {
    if (ctx.token?.isCancellationRequested) throw error;
    const text = error instanceof Error ? error.message : String(error);
    const unreachable = /Cannot reach|did not answer/.test(text);
    return fail(
      `POST ${url}: ${text}`,
      unreachable
        ? `Start the backend (it should listen at ${new URL(url).origin}), or correct backend.url in appframework.yaml.`
        : `The backend must know ${ctx.app.id} (apps.json and JOB_TEMPLATES, check 8) and answer with the job id (job_id) it submitted.`,
      [evidence.note('request', `POST ${url}`)],
    );
  }
}
