import type { CommandDefinition } from './command';

/** `App Framework: Show Log`: every remote command, connection and command result (secrets masked). */
export const showLog: CommandDefinition = {
  id: 'appframework.showLog',
  run(deps) {
    deps.ctx.log.show(true);
  },
};
