import { JOBS_VIEW_ID } from '../views/jobs';
import type { CommandDefinition } from './command';

/** Jobs view title: list the jobs now. */
export const refreshJobs: CommandDefinition = {
  id: 'appframework.refreshJobs',
  run: ({ scheduler }) => scheduler.refreshNow(JOBS_VIEW_ID, 'manual'),
};
