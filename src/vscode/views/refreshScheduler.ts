// The one owner of every refresh trigger for every view: manual, interval while visible,
// config change, connection change, file change and after a command. Requests are debounced,
// a target never refreshes twice at once, and failing refreshes back off. Views only describe
// how to refresh (`RefreshTarget`); their providers fire change events when data arrives.
// No `vscode` import: the editor wires visibility and commands in, tests drive a manual clock.

export type RefreshTrigger = 'manual' | 'interval' | 'visible' | 'config' | 'connection' | 'command' | 'files' | 'startup';

export interface RefreshTarget {
  /** The view id, e.g. `appframework.apps`. */
  readonly id: string;
  /** Loads fresh data; rejects on failure. The signal aborts when the scheduler is disposed. */
  refresh(trigger: RefreshTrigger, signal: AbortSignal): Promise<void>;
  /** Poll period while the view is visible; undefined: never poll. */
  readonly intervalMs?: number;
  /** Refresh on requests even while hidden (cheap local reads that also feed diagnostics). */
  readonly refreshWhileHidden?: boolean;
  /** Commands after which this view is out of date. */
  readonly refreshAfter?: (commandId: string) => boolean;
  /** The outcome of each refresh: the error, or undefined on success (views show the last error). */
  onResult?(error: unknown): void;
}

export interface SchedulerClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RefreshSchedulerOptions {
  readonly debounceMs?: number;
  /** Longest wait between polls after repeated failures. */
  readonly maxBackoffMs?: number;
  readonly clock?: SchedulerClock;
  readonly log?: (message: string) => void;
}

interface TargetState {
  readonly target: RefreshTarget;
  visible: boolean;
  /** Set when a request arrived while hidden: refresh on becoming visible. */
  dirty: boolean;
  intervalMs: number | undefined;
  debounce?: unknown;
  poll?: unknown;
  running?: Promise<void>;
  /** A request that arrived while a refresh was running: run once more afterwards. */
  pending?: RefreshTrigger;
  nextTrigger?: RefreshTrigger;
  failures: number;
  waiters: (() => void)[];
}

const systemClock: SchedulerClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RefreshScheduler {
  private readonly targets = new Map<string, TargetState>();
  private readonly abort = new AbortController();
  private readonly debounceMs: number;
  private readonly maxBackoffMs: number;
  private readonly clock: SchedulerClock;
  private readonly log: (message: string) => void;

  constructor(options: RefreshSchedulerOptions = {}) {
    this.debounceMs = options.debounceMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => undefined);
  }

  /** Adds a view; returns a disposable that removes it. */
  register(target: RefreshTarget): { dispose(): void } {
    if (this.targets.has(target.id)) throw new Error(`refresh target ${target.id} is already registered`);
    this.targets.set(target.id, { target, visible: false, dirty: false, intervalMs: target.intervalMs, failures: 0, waiters: [] });
    return { dispose: () => this.unregister(target.id) };
  }

  /** Asks for a refresh soon; several requests in a short time become one refresh. */
  request(id: string | 'all', trigger: RefreshTrigger): void {
    for (const state of this.select(id)) {
      if (!state.visible && !state.target.refreshWhileHidden) {
        state.dirty = true;
        continue;
      }
      state.nextTrigger = state.nextTrigger === 'manual' ? 'manual' : trigger;
      if (state.debounce !== undefined) continue;
      state.debounce = this.clock.setTimeout(() => {
        state.debounce = undefined;
        this.run(state, state.nextTrigger ?? trigger);
      }, this.debounceMs);
    }
  }

  /** Refreshes now (the user asked); resolves once a refresh that started after the call has finished. */
  refreshNow(id: string, trigger: RefreshTrigger = 'manual'): Promise<void> {
    const state = this.targets.get(id);
    if (!state) return Promise.resolve();
    if (state.debounce !== undefined) {
      this.clock.clearTimeout(state.debounce);
      state.debounce = undefined;
    }
    const done = new Promise<void>((resolve) => state.waiters.push(resolve));
    this.run(state, trigger);
    return done;
  }

  /** The editor reports view visibility: polling runs only while a view is visible. */
  setVisible(id: string, visible: boolean): void {
    const state = this.targets.get(id);
    if (!state || state.visible === visible) return;
    state.visible = visible;
    if (!visible) {
      this.stopPolling(state);
      return;
    }
    if (state.dirty || state.intervalMs !== undefined) {
      state.dirty = false;
      this.request(id, 'visible');
    }
  }

  /** Changes a view's poll period, e.g. faster while a job starts; undefined restores the default. */
  setInterval(id: string, intervalMs: number | undefined): void {
    const state = this.targets.get(id);
    if (!state) return;
    state.intervalMs = intervalMs ?? state.target.intervalMs;
    this.stopPolling(state);
    if (!state.running) this.schedulePoll(state);
  }

  afterCommand(commandId: string): void {
    for (const state of this.targets.values()) {
      if (state.target.refreshAfter?.(commandId)) this.request(state.target.id, 'command');
    }
  }

  configChanged(): void {
    this.request('all', 'config');
  }

  connectionChanged(): void {
    this.request('all', 'connection');
  }

  isRunning(id: string): boolean {
    return this.targets.get(id)?.running !== undefined;
  }

  dispose(): void {
    this.abort.abort();
    for (const id of [...this.targets.keys()]) this.unregister(id);
  }

  private select(id: string): TargetState[] {
    if (id === 'all') return [...this.targets.values()];
    const state = this.targets.get(id);
    return state ? [state] : [];
  }

  private unregister(id: string): void {
    const state = this.targets.get(id);
    if (!state) return;
    if (state.debounce !== undefined) this.clock.clearTimeout(state.debounce);
    this.stopPolling(state);
    this.targets.delete(id);
    for (const resolve of state.waiters.splice(0)) resolve();
  }

  private stopPolling(state: TargetState): void {
    if (state.poll !== undefined) this.clock.clearTimeout(state.poll);
    state.poll = undefined;
  }

  private schedulePoll(state: TargetState): void {
    if (!state.visible || state.intervalMs === undefined || this.abort.signal.aborted || this.targets.get(state.target.id) !== state) return;
    // Back off exponentially while refreshes fail.
    const delay = Math.min(state.intervalMs * 2 ** Math.min(state.failures, 16), Math.max(this.maxBackoffMs, state.intervalMs));
    state.poll = this.clock.setTimeout(() => {
      state.poll = undefined;
      this.run(state, 'interval');
    }, delay);
  }

  private run(state: TargetState, trigger: RefreshTrigger): void {
    if (state.running) {
      state.pending = state.pending === 'manual' ? 'manual' : trigger;
      return;
    }
    this.stopPolling(state);
    state.nextTrigger = undefined;
    const waiters = state.waiters.splice(0);
    state.running = (async () => {
      try {
        await state.target.refresh(trigger, this.abort.signal);
        state.failures = 0;
        state.target.onResult?.(undefined);
      } catch (error) {
        state.failures++;
        this.log(`refresh of ${state.target.id} failed (${state.failures} in a row): ${error instanceof Error ? error.message : String(error)}`);
        state.target.onResult?.(error);
      }
    })();
    void state.running.then(() => {
      state.running = undefined;
      for (const resolve of waiters) resolve();
      if (this.targets.get(state.target.id) !== state) return;
      const pending = state.pending;
      state.pending = undefined;
      if (pending) this.run(state, pending);
      else this.schedulePoll(state);
    });
  }
}
