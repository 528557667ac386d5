// A running session as a user sees it in the real editor: the extension (a development build of
// this tree) in code-server, the project open, the Jobs view listing the session's job and its
// viewer panel, opened from the job's inline action, showing the app's window.
import { evaluateInFrames, openProjectWorkbench, showAppFrameworkViews, UI_TIMEOUT_MS } from '../editor/workbench';
import { waitFor } from '../helpers/vnc';

export interface WorkbenchSession {
  /** The project folder to open. */
  readonly project: string;
  /** The ssh config that names viz-node001 (setting appframework.ssh.configFile). */
  readonly sshConfig: string;
  readonly appId: string;
  readonly jobId: number;
  /** Where to save a picture of the workbench with the session in its viewer. */
  readonly screenshot: string;
}

export interface CanvasCount {
  readonly differing: number;
  readonly total: number;
}

/** Pixels of the top-left corner of the remote desktop that differ from its background, in the viewer's frame. */
const CLOCK_PIXELS = `(() => {
  const canvas = document.querySelector('#screen canvas');
  if (!canvas || canvas.width === 0) return undefined;
  const context = canvas.getContext('2d');
  const background = context.getImageData(canvas.width - 1, canvas.height - 1, 1, 1).data;
  const data = context.getImageData(0, 0, 150, 150).data;
  let differing = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] !== background[0] || data[i + 1] !== background[1] || data[i + 2] !== background[2]) differing++;
  }
  return { differing, total: 150 * 150 };
})()`;

export async function showSessionInWorkbench(options: WorkbenchSession): Promise<CanvasCount> {
  // The extension host inherits this process's environment: the Slurm config and the PATH
  // with the real apptainer for what runs on this machine (the access host is local).
  const workbench = await openProjectWorkbench(options);
  try {
    const { page } = workbench;
    await showAppFrameworkViews(page);
    const row = page
      .locator('.pane:has(.pane-header h3.title:text-is("Jobs")) .monaco-list-row')
      .filter({ hasText: options.appId })
      .filter({ hasText: String(options.jobId) });
    await row.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await row.first().hover();
    await row.first().locator('a.action-label[aria-label^="Open Session in Viewer"]').click();

    const count = await waitFor(
      "the app's window in the viewer panel",
      async () => {
        const found = await evaluateInFrames<CanvasCount>(page, CLOCK_PIXELS);
        return found && found.differing > found.total / 4 ? found : undefined;
      },
      UI_TIMEOUT_MS,
      500,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${workbench.errors()}`);
    });
    // Away from the activity bar and the tree, whose hovers would cover them.
    await page.mouse.move(1000, 780);
    await page.screenshot({ path: options.screenshot });
    return count;
  } finally {
    await workbench.close();
  }
}
