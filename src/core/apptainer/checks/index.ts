import type { DefinitionModel } from '../parser/model';
import { checkBootstrap } from './bootstrap';
import type { Finding } from './finding';
import { checkSectionArgs } from './sectionArgs';
import { checkTemplating } from './templating';

export type { Finding } from './finding';

/** Parser problems plus the checks Apptainer's build makes before it runs anything. */
export function apptainerFindings(model: DefinitionModel): Finding[] {
  return [
    ...model.problems.map((p) => ({ ...p, severity: 'error' as const })),
    ...checkBootstrap(model),
    ...checkSectionArgs(model),
    ...checkTemplating(model),
  ];
}
