import type { CommandDefinition } from './command';
import { openFileAt } from './openFile';
import { appFromArgument } from './pickers';

export const openRegistryEntry: CommandDefinition = {
  id: 'appframework.openRegistryEntry',
  async run(deps, node) {
    const { app } = await appFromArgument(deps, node, (a) => a.registry !== undefined);
    if (!app.registry) throw new Error(`${app.id} is not registered in apps.json`);
    await openFileAt(app.registry.file, app.registry.range.start.line, app.registry.range.start.character);
  },
};
