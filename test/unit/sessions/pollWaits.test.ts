import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pollWaits } from '../../../src/core/sessions/delay';

test('sessions pollWaits: short first waits, each half as long again, never beyond the longest', () => {
  const wait = pollWaits(1000);
  assert.deepEqual(Array.from({ length: 8 }, wait), [150, 225, 338, 507, 761, 1000, 1000, 1000]);
});

test('sessions pollWaits: a longest wait below the first is used from the start', () => {
  const wait = pollWaits(100);
  assert.deepEqual([wait(), wait()], [100, 100]);
});
