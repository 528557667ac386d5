// What the viewer asks the jobs side: does a session's job still run, and (after a reload) what
// is its password. Answered from the access host the session's key names.
import type { ViewerIdentity } from '../../../core/sessions/viewerMessages';
import { parseSessionViewerKey, readSessionInfo, sessionPassword } from '../../../core/sessions';
import { infoFilePath } from '../../../core/slurm';
import type { ClusterAccess } from '../../clusterAccess';
import type { JobsView } from './index';

export interface ViewerHooks {
  isAlive(session: ViewerIdentity): Promise<boolean | undefined>;
  password(session: ViewerIdentity): Promise<string | undefined>;
}

/** `jobs()` is read lazily: the viewer is made before the Jobs view, which tells it when sessions end. */
export function viewerHooks(cluster: ClusterAccess, jobs: () => JobsView | undefined): ViewerHooks {
  const hostJobsOf = (session: ViewerIdentity) => {
    const key = parseSessionViewerKey(session.key);
    const hostJobs = key && jobs()?.store.all.find((entry) => entry.host === key.host);
    return key && hostJobs ? { key, hostJobs } : undefined;
  };
  return {
    async isAlive(session) {
      const found = hostJobsOf(session);
      if (!found) return undefined;
      try {
        const job = await cluster.queueOf(found.hostJobs.hosts).job(found.key.jobId);
        return job?.state === 'RUNNING';
      } catch {
        return undefined;
      }
    },
    async password(session) {
      const found = hostJobsOf(session);
      const record = found && jobs()?.records.find(found.key.host, found.key.jobId);
      if (!found || !record) return undefined;
      const access = cluster.queueOf(found.hostJobs.hosts).host;
      const path = record.infoFile ?? infoFilePath(found.hostJobs.project.loaded.config.slurm.infoFile, record.sessionId);
      const read = await readSessionInfo(access, record.jobId, path, { sessionId: record.sessionId, jobId: record.jobId });
      return read.kind === 'ok' ? sessionPassword(access, record.jobId, read.info) : undefined;
    },
  };
}
