// Waiting between polls without blocking cancellation: a cancelled wait rejects at once.
import { Cancelled, whenCancelled, type CancellationTokenLike } from '../hosts';

/** Resolves after `ms`, or rejects with Cancelled as soon as the token is cancelled. */
export function delay(ms: number, token?: CancellationTokenLike, what = 'waiting'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (token?.isCancellationRequested) return reject(new Cancelled('local', what));
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    const unsubscribe = whenCancelled(token, () => {
      clearTimeout(timer);
      reject(new Cancelled('local', what));
    });
  });
}

/**
 * The waits between polls: short at first (what is polled for is often there a moment later),
 * each half as long again as the one before, up to `longestMs`.
 */
export function pollWaits(longestMs: number, firstMs = 150): () => number {
  let next = Math.min(firstMs, longestMs);
  return () => {
    const wait = next;
    next = Math.min(longestMs, Math.ceil(next * 1.5));
    return wait;
  };
}

/** Throws Cancelled when the token is already cancelled (between steps of a long flow). */
export function throwIfCancelled(token: CancellationTokenLike | undefined, what: string): void {
  if (token?.isCancellationRequested) throw new Cancelled('local', what);
}
