import type { CommandDefinition } from './command';
import { openFileAt } from './openFile';
import { appFromArgument } from './pickers';

export const openJobTemplate: CommandDefinition = {
  id: 'appframework.openJobTemplate',
  async run(deps, node) {
    const { app } = await appFromArgument(deps, node, (a) => a.jobTemplate?.exists === true);
    if (!app.jobTemplate?.exists) throw new Error(`${app.id} has no job template`);
    // Land on the image path: the line that ties the template to the deployed image.
    const at = app.jobTemplate.imagePath?.range.start ?? { line: 0, character: 0 };
    await openFileAt(app.jobTemplate.file, at.line, at.character);
  },
};
