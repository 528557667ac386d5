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

/** Throws Cancelled when the token is already cancelled (between steps of a long flow). */
export function throwIfCancelled(token: CancellationTokenLike | undefined, what: string): void {
  if (token?.isCancellationRequested) throw new Cancelled('local', what);
}
