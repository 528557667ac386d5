import type { CommandDefinition } from './command';
import { openFileAt } from './openFile';
import { appFromArgument } from './pickers';

export const openDefinition: CommandDefinition = {
  id: 'appframework.openDefinition',
  async run(deps, node) {
    const { app } = await appFromArgument(deps, node, (a) => a.definition !== undefined);
    if (!app.definition) throw new Error(`${app.id} has no definition file`);
    await openFileAt(app.definition.file);
  },
};
