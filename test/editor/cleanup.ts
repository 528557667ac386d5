import type { TestContext } from 'node:test';

/**
 * Returns `defer(cleanup)`: cleanups run when the test ends, the last registered first (browser,
 * then server, then the folder they use), whereas `t.after` hooks run in registration order.
 */
export function deferrer(t: TestContext): (cleanup: () => unknown) => void {
  const cleanups: (() => unknown)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return (cleanup) => void cleanups.push(cleanup);
}
