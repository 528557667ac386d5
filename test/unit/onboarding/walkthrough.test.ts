import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_STEP_KEYS } from '../../../src/vscode/onboarding/walkthroughSteps';
import { repoRoot as root } from '../../helpers/cluster';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    walkthroughs: { id: string; steps: Step[] }[];
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown; markdownDescription?: string; description?: string; type: string }> };
  };
};

/** Context keys set elsewhere in the extension (the config service and the Apps view). */
const OTHER_KEYS = new Set(['appframework.hasConfig', 'appframework.hasApps']);

test('(unit) walkthrough: every step has its page, completes on something the extension really sets, and links only contributed commands', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['configureCluster', 'sshSettings', 'createApp', 'build', 'deploy', 'launch', 'verify']);
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const setKeys = new Set([...Object.values(WALKTHROUGH_STEP_KEYS), ...OTHER_KEYS]);
  const settings = manifest.contributes.configuration.properties;
  for (const step of walkthrough.steps) {
    assert.ok(step.media.markdown && existsSync(join(root, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
    assert.ok(step.completionEvents.length > 0, step.id);
    for (const event of step.completionEvents) {
      const [kind, value] = event.split(/:(.*)/s);
      if (kind === 'onContext') assert.ok(setKeys.has(value), `${step.id}: nothing sets ${value}`);
      else if (kind === 'onSettingChanged') assert.ok(settings[value], `${step.id}: no setting ${value}`);
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
    for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) {
      assert.ok(commands.has(command) || command.startsWith('workbench.'), `${step.id}: ${command} is not contributed`);
    }
  }
  // Each command that completes a step is one the extension contributes.
  for (const command of Object.keys(WALKTHROUGH_STEP_KEYS)) assert.ok(commands.has(command), command);
});

test('(unit) settings: every contributed setting has a type, a default and a description', () => {
  for (const [name, setting] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.ok(setting.type, `${name}: type`);
    assert.notEqual(setting.default, undefined, `${name}: default`);
    assert.ok((setting.markdownDescription ?? setting.description ?? '').length > 20, `${name}: description`);
  }
});
