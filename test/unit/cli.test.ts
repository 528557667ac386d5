import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, text: () => ({ out, err }) };
}

test('(unit) cli: unknown command exits 2 with usage', async () => {
  const c = capture();
  assert.equal(await main(['bogus'], c.io), 2);
  assert.match(c.text().err, /unknown command "bogus"/);
  assert.match(c.text().out, /Usage: appframework/);
});
