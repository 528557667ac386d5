import type { CommandDefinition } from './command';
import { openFileAt } from './openFile';
import { appFromArgument } from './pickers';

export const openTemplateMapping: CommandDefinition = {
  id: 'appframework.openTemplateMapping',
  async run(deps, node) {
    const { app } = await appFromArgument(deps, node, (a) => a.templateMapping !== undefined);
    if (!app.templateMapping) throw new Error(`${app.id} has no JOB_TEMPLATES entry`);
    await openFileAt(app.templateMapping.file, app.templateMapping.range.start.line, app.templateMapping.range.start.character);
  },
};
