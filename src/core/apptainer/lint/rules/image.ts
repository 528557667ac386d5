import { IMAGE_REFERENCE_AGENTS } from '../../keywords';
import { headerValue } from '../../parser/model';
import type { LintRule, RuleHit } from '../rule';

/** The tag of an image reference, `undefined` when it has none, `null` when pinned by digest or templated. */
export function imageTag(reference: string): string | undefined | null {
  if (reference.includes('{{') || reference.includes('@')) return null;
  const ref = reference.replace(/^[a-z-]+:\/\//, '');
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
}

export const imageTagPinned: LintRule = {
  code: 'AFL006',
  severity: 'warning',
  summary: 'From: image without a tag or with :latest',
  check: (ctx) =>
    ctx.stages.flatMap((stage): RuleHit[] => {
      const agent = stage.bootstrap?.value ?? '';
      const from = headerValue(stage, 'from');
      if (!IMAGE_REFERENCE_AGENTS.has(agent) || !from || from.value === '') return [];
      const tag = imageTag(from.value);
      if (tag === null || (tag !== undefined && tag !== 'latest')) return [];
      const what = tag === undefined ? 'has no tag, so it means :latest' : 'uses :latest';
      return [
        {
          range: from.valueRange,
          message: `"${from.value}" ${what}, which changes under you: pin a version (e.g. ubuntu:22.04) so rebuilds give the same image`,
        },
      ];
    }),
};
