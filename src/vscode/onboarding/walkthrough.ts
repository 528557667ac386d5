// The Get Started walkthrough's steps complete when the user has really done them: a command
// that does a step sets a context key once it succeeded (the walkthrough's completionEvents
// listen for these keys; VS Code remembers completed steps).
import * as vscode from 'vscode';
import { WALKTHROUGH_STEP_KEYS } from './walkthroughSteps';

/** Called after a command succeeded. */
export function markWalkthroughStep(commandId: string): void {
  const key = WALKTHROUGH_STEP_KEYS[commandId];
  if (key) void vscode.commands.executeCommand('setContext', key, true);
}
