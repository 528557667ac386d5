import { APPS_VIEW_ID } from '../views/apps';
import type { CommandDefinition } from './command';

export const refreshApps: CommandDefinition = {
  id: 'appframework.refreshApps',
  run: ({ projects, scheduler }) => projects.reloadAll().then(() => scheduler.refreshNow(APPS_VIEW_ID, 'manual')),
};
