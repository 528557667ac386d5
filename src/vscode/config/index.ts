import type { Ctx } from '../context';
import { registerConfigDiagnostics } from './configDiagnostics';
import { ProjectService } from './projectService';

export { ProjectService, hasConfigErrors, type Project } from './projectService';
export { editorFs } from './editorFs';
export { toDiagnostic, toRange } from './toDiagnostic';

/** Loads every workspace folder's appframework.yaml, keeps it current and shows its problems. */
export function registerProjectConfig(ctx: Ctx): ProjectService {
  const projects = ctx.own(new ProjectService(ctx));
  registerConfigDiagnostics(ctx, projects);
  return projects;
}
