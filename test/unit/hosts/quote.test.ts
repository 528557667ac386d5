import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellJoin, shellQuote } from '../../../src/core/hosts';
import { remoteCommand, PgidReader, killCommand } from '../../../src/core/hosts/ssh/remoteCommand';

const hostile = ["it's", '"double"', '$(id)', '`id`', '; rm -rf /', 'a\nb', '\\', '*', '~', '', ' spaced ', 'A=b', '!', 'ünïcødé', '#', '-n'];

test('(unit) hosts quote: single-quote style, plain words left alone', () => {
  assert.equal(shellQuote('abc-1.2_x/y:z,w+v@u%'), 'abc-1.2_x/y:z,w+v@u%');
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('A=b'), "'A=b'");
  assert.equal(shellQuote('$(id)'), "'$(id)'");
  assert.equal(shellJoin(['echo', 'a b', "c'd"]), `echo 'a b' 'c'\\''d'`);
  assert.throws(() => shellQuote('a\0b'), /NUL/);
});

for (const shell of ['sh', 'bash']) {
  test(`(unit) hosts quote: ${shell} reads every quoted argument back verbatim`, () => {
    const out = execFileSync(shell, ['-c', `printf '%s\\0' ${shellJoin(hostile)}`], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), hostile);
  });
}

test('(unit) hosts quote: the remote wrapper runs argv verbatim in the given directory and reports its group', () => {
  const command = remoteCommand(['printf', '%s\\0', ...hostile], '/tmp');
  const result = execFileSync('bash', ['-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.deepEqual(result.split('\0').slice(0, -1), hostile);
  const pwd = execFileSync('bash', ['-c', `${remoteCommand(['pwd'], '/usr')} 2>&1`], { encoding: 'utf8' });
  assert.match(pwd, /^__appframework_pgid=\d+\n\/usr\n$/);
  assert.equal(killCommand(123, 'TERM', false), 'kill -s TERM -- -123');
  assert.equal(killCommand(123, 'KILL', true), 'sudo -n kill -s KILL -- -123');
});

test('(unit) hosts quote: the group marker is taken off stderr, shell noise before it is kept', () => {
  const forwarded: string[] = [];
  let pgid: number | undefined;
  const reader = new PgidReader((c) => forwarded.push(c.toString()), (id) => (pgid = id));
  reader.push(Buffer.from('bashrc says hi\n__appframework_'));
  assert.equal(pgid, undefined);
  reader.push(Buffer.from('pgid=4242\nreal error\n'));
  reader.push(Buffer.from('more\n'));
  reader.end();
  assert.equal(pgid, 4242);
  assert.equal(forwarded.join(''), 'bashrc says hi\nreal error\nmore\n');

  const none: string[] = [];
  const silent = new PgidReader((c) => none.push(c.toString()), (id) => (pgid = id));
  silent.push(Buffer.from('no marker'));
  silent.end();
  assert.equal(pgid, undefined);
  assert.deepEqual(none, ['no marker']);
});
