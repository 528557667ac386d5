import { IMAGES_VIEW_ID } from '../views/images';
import type { CommandDefinition } from './command';

/** `Refresh Images` (and Retry on an unreachable node): lists every node again. */
export const refreshImages: CommandDefinition = {
  id: 'appframework.refreshImages',
  run: ({ scheduler }) => scheduler.refreshNow(IMAGES_VIEW_ID, 'manual'),
};
