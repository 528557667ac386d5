import type { Ctx } from '../context';

/** Registers the `apptainer` language providers (diagnostics, completion, hover, symbols, ...). */
export function registerLanguageFeatures(_ctx: Ctx): void {
  // Filled in by the language adapters.
}
