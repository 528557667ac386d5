import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appIdProblem, isAppId } from '../../../src/core/apps/appId';

test('(unit) app id: safe ids are accepted', () => {
  for (const id of ['gedit', 'lsprepost', 'my-app', 'paraview_5', 'a', 'a'.repeat(32)]) {
    assert.equal(appIdProblem(id), undefined, id);
    assert.ok(isAppId(id));
  }
});

test('(unit) app id: hostile and unsafe names are rejected with a reason', () => {
  const hostile = [
    '', '; rm -rf /', 'x; rm -rf ~', '$(x)', '`x`', '../x', 'x/../y', 'a/b', 'my app', ' gedit', 'gedit ',
    'gedit\n', 'géedit', 'ｇedit', 'gedit\u200b', 'Gedit', '1app', '-app', '_app', 'a'.repeat(33), 'x|y', "x'y", 'x"y',
    'x*', 'x?', 'x.y', '~x', 'x\ty', 'x\0',
  ];
  for (const id of hostile) {
    const problem = appIdProblem(id);
    assert.ok(problem, `accepted ${JSON.stringify(id)}`);
    assert.ok(!problem.includes('\n'));
    assert.equal(isAppId(id), false);
  }
  assert.match(appIdProblem('a'.repeat(33))!, /at most 32/);
  assert.match(appIdProblem('1app')!, /start with a lowercase letter/);
});
