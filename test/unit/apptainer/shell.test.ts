import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeEnd, tokenize } from '../../../src/core/apptainer/shell/lexer';
import { parseScript } from '../../../src/core/apptainer/shell/script';
import { at } from './helpers';

test('(unit) shell: comments start at a # that begins a word outside quotes', () => {
  assert.equal(codeEnd('echo a # b'), 7);
  assert.equal(codeEnd('echo "a # b" $# ${#x}'), 21);
  assert.equal(codeEnd("echo 'it''s' #x"), 13);
});

test('(unit) shell: words keep quotes out of their value, operators split commands', () => {
  const tokens = tokenize(`FOO="a b" sudo apt-get install -y 'x y'&& echo $HOME|cat >out 2>&1`);
  assert.deepEqual(
    tokens.map((t) => [t.kind, t.value]),
    [
      ['word', 'FOO=a b'],
      ['word', 'sudo'],
      ['word', 'apt-get'],
      ['word', 'install'],
      ['word', '-y'],
      ['word', 'x y'],
      ['control', '&&'],
      ['word', 'echo'],
      ['word', '$HOME'],
      ['control', '|'],
      ['word', 'cat'],
      ['redirect', '>'],
      ['word', 'out'],
      ['redirect', '2>&'],
      ['word', '1'],
    ],
  );
  assert.equal(tokens[8].expands, true);
});

test('(unit) shell: commands across continuation lines keep their physical positions', () => {
  const lines = ['  apt-get update && \\', '    DEBIAN_FRONTEND=noninteractive sudo apt-get install \\', '      -y vim', '  cat <<EOF | vncpasswd -f', 'secret', 'EOF', '  echo done'];
  const commands = parseScript(lines, 0, lines.length - 1);
  assert.deepEqual(
    commands.map((c) => [c.name?.value, c.args.map((a) => a.value).join(' '), c.firstLine, c.lastLine]),
    [
      ['apt-get', 'update', 0, 2],
      ['apt-get', 'install -y vim', 0, 2],
      ['cat', '', 3, 3],
      ['vncpasswd', '-f', 3, 3],
      ['echo', 'done', 6, 6],
    ],
  );
  const install = commands[1];
  assert.equal(install.sudo?.value, 'sudo');
  assert.equal(install.assignments[0].value, 'DEBIAN_FRONTEND=noninteractive');
  assert.equal(at(install.args[1].range), '3:7-3:9');
  assert.equal(commands[2].heredoc, 'secret');
  assert.equal(commands[3].pipedFrom?.name?.value, 'cat');
});
