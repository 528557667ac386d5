import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshScheduler, type RefreshTrigger } from '../../../src/vscode/views/refreshScheduler';

/** A clock the test advances by hand, so timing is exact and no test sleeps. */
class ManualClock {
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => void this.timers.delete(handle as number);
  get pending(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('(unit) refresh scheduler: bursts of requests become one refresh after the debounce', async () => {
  const clock = new ManualClock();
  const scheduler = new RefreshScheduler({ clock, debounceMs: 200 });
  const calls: RefreshTrigger[] = [];
  scheduler.register({ id: 'apps', refreshWhileHidden: true, refresh: async (trigger) => void calls.push(trigger) });
  for (let i = 0; i < 5; i++) scheduler.request('apps', 'files');
  await clock.advance(199);
  assert.deepEqual(calls, []);
  await clock.advance(1);
  assert.deepEqual(calls, ['files']);
  await clock.advance(10_000);
  assert.deepEqual(calls, ['files'], 'no polling without an interval');
  scheduler.dispose();
});

test('(unit) refresh scheduler: refreshes never overlap; requests during one run make exactly one more', async () => {
  const clock = new ManualClock();
  const scheduler = new RefreshScheduler({ clock, debounceMs: 10 });
  const runs: ReturnType<typeof deferred>[] = [];
  let active = 0;
  let maxActive = 0;
  scheduler.register({
    id: 'jobs',
    refreshWhileHidden: true,
    refresh: async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      const run = deferred();
      runs.push(run);
      await run.promise;
      active--;
    },
  });
  const first = scheduler.refreshNow('jobs');
  await settle();
  assert.equal(runs.length, 1);
  scheduler.request('jobs', 'config');
  await clock.advance(10);
  const second = scheduler.refreshNow('jobs');
  scheduler.request('jobs', 'command');
  await clock.advance(10);
  assert.equal(runs.length, 1, 'nothing starts while a refresh runs');
  assert.ok(scheduler.isRunning('jobs'));
  runs[0].resolve();
  await first;
  await settle();
  assert.equal(runs.length, 2, 'one follow-up refresh for all requests made meanwhile');
  runs[1].resolve();
  await second;
  await clock.advance(1000);
  assert.equal(runs.length, 2);
  assert.equal(maxActive, 1);
  scheduler.dispose();
});

test('(unit) refresh scheduler: polls only while visible, and hidden views catch up when shown', async () => {
  const clock = new ManualClock();
  const scheduler = new RefreshScheduler({ clock, debounceMs: 0 });
  const calls: RefreshTrigger[] = [];
  scheduler.register({ id: 'jobs', intervalMs: 10_000, refresh: async (trigger) => void calls.push(trigger) });
  scheduler.request('jobs', 'config');
  await clock.advance(60_000);
  assert.deepEqual(calls, [], 'hidden: neither requests nor polls run');
  scheduler.setVisible('jobs', true);
  await clock.advance(0);
  assert.deepEqual(calls, ['visible']);
  await clock.advance(30_000);
  assert.deepEqual(calls, ['visible', 'interval', 'interval', 'interval']);
  scheduler.setVisible('jobs', false);
  await clock.advance(60_000);
  assert.equal(calls.length, 4);
  assert.deepEqual(clock.pending, []);
  scheduler.setVisible('jobs', true);
  scheduler.setInterval('jobs', 2_000);
  await clock.advance(4_000);
  assert.deepEqual(calls.slice(4), ['visible', 'interval', 'interval']);
  scheduler.dispose();
  assert.deepEqual(clock.pending, []);
});

test('(unit) refresh scheduler: failures back off exponentially, report the error, and reset on success', async () => {
  const clock = new ManualClock();
  const errors: unknown[] = [];
  let fail = true;
  let calls = 0;
  const scheduler = new RefreshScheduler({ clock, debounceMs: 0, maxBackoffMs: 60_000 });
  scheduler.register({
    id: 'images',
    intervalMs: 5_000,
    refresh: async () => {
      calls++;
      if (fail) throw new Error('node unreachable');
    },
    onResult: (error) => errors.push(error),
  });
  scheduler.setVisible('images', true);
  await clock.advance(0);
  assert.equal(calls, 1);
  assert.deepEqual(clock.pending, [10_000], 'one failure doubles the wait');
  await clock.advance(10_000);
  assert.deepEqual(clock.pending, [20_000]);
  await clock.advance(20_000);
  assert.deepEqual(clock.pending, [40_000]);
  await clock.advance(40_000);
  assert.deepEqual(clock.pending, [60_000], 'capped');
  assert.equal(calls, 4);
  assert.ok(errors.every((e) => e instanceof Error && e.message === 'node unreachable'));
  fail = false;
  await clock.advance(60_000);
  assert.equal(errors[errors.length - 1], undefined, 'success is reported');
  assert.deepEqual(clock.pending, [5_000], 'back to the normal period');
  scheduler.dispose();
});

test('(unit) refresh scheduler: commands and config changes reach the views that want them', async () => {
  const clock = new ManualClock();
  const scheduler = new RefreshScheduler({ clock, debounceMs: 50 });
  const seen: string[] = [];
  scheduler.register({ id: 'apps', refreshWhileHidden: true, refreshAfter: (id) => id === 'appframework.newApp', refresh: async (t) => void seen.push(`apps:${t}`) });
  scheduler.register({ id: 'jobs', refreshWhileHidden: true, refreshAfter: (id) => id.startsWith('appframework.launch'), refresh: async (t) => void seen.push(`jobs:${t}`) });
  scheduler.afterCommand('appframework.newApp');
  await clock.advance(50);
  assert.deepEqual(seen, ['apps:command']);
  scheduler.configChanged();
  await clock.advance(50);
  assert.deepEqual(seen.slice(1).sort(), ['apps:config', 'jobs:config']);
  assert.throws(() => scheduler.register({ id: 'apps', refresh: async () => undefined }), /already registered/);
  scheduler.dispose();
});
