// Cancellation without VS Code: VS Code's CancellationToken satisfies CancellationTokenLike.

export interface DisposableLike {
  dispose(): unknown;
}

export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: (e: unknown) => unknown): DisposableLike;
}

/** A token the core and the CLI can cancel themselves. */
export class CancellationSource {
  private cancelled = false;
  private readonly listeners = new Set<(e: unknown) => unknown>();
  readonly token: CancellationTokenLike;

  constructor() {
    const isCancelled = () => this.cancelled;
    this.token = {
      get isCancellationRequested() {
        return isCancelled();
      },
      onCancellationRequested: (listener) => {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
      },
    };
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const listener of [...this.listeners]) listener(undefined);
    this.listeners.clear();
  }
}

/** Runs `onCancel` once when the token is cancelled (also if it already is); returns the unsubscribe. */
export function whenCancelled(token: CancellationTokenLike | undefined, onCancel: () => void): () => void {
  if (!token) return () => undefined;
  if (token.isCancellationRequested) {
    queueMicrotask(onCancel);
    return () => undefined;
  }
  const subscription = token.onCancellationRequested(() => onCancel());
  return () => void subscription.dispose();
}
